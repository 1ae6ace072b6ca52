// A route's `meta.parts` are the lazy parts its page opens as soon as it has painted; the build lists
// their chunks in route-preloads.json and the server preloads them in the index.html of that path. These
// tests read the route tables: each part is a file the page itself imports lazily, and the residents'
// map names its map, so a first visit downloads Leaflet beside the app's code, not after it has run.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { routeTable } from '../build/route-preloads.ts'

const CLIENT = fileURLToPath(new URL('.', import.meta.url))

/** The files a source file imports lazily (`import('…')`), as absolute paths. */
function lazyImports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  return [...src.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => fileURLToPath(new URL(m[1]!, `file://${dirname(file)}/`)))
}

describe('lazy parts preloaded with a route', () => {
  const routes = routeTable(CLIENT)

  it("names the residents' map as a part of /public/zones", () => {
    const zones = routes.find((r) => r.path === '/public/zones')
    expect(zones?.parts?.map((p) => relative(CLIENT, p))).toEqual(['components/zones/ZonesPublicMap.vue'])
  })

  it('names only files its page imports lazily', () => {
    const problems: string[] = []
    for (const r of routes)
      for (const part of r.parts ?? []) {
        if (!existsSync(part)) problems.push(`${r.path}: ${relative(CLIENT, part)} does not exist`)
        else if (!lazyImports(r.component).includes(part)) problems.push(`${r.path}: its page does not import ${relative(CLIENT, part)} lazily`)
      }
    expect(problems).toEqual([])
  })
})
