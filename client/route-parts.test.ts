// A route's `meta.parts` are the lazy parts its page opens as soon as it has painted; the build lists
// their chunks in route-preloads.json and the server preloads them in the index.html of that path. These
// tests read the route tables: each part is a file the page (or a store or component it imports)
// imports lazily; the residents' map names its map and the capture form the device database's code its
// draft is read with, so a first visit downloads them beside the app's code, not after it has run.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { routeTable } from '../build/route-preloads.ts'

const CLIENT = fileURLToPath(new URL('.', import.meta.url))

const resolveFrom = (file: string, spec: string) => fileURLToPath(new URL(spec, `file://${dirname(file)}/`))

/** The files a page or the app's modules it imports (stores, components) import lazily (`import('…')`), as absolute paths. */
function lazyImports(page: string): Set<string> {
  const lazy = new Set<string>()
  const seen = new Set<string>()
  const walk = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return
    seen.add(file)
    const src = readFileSync(file, 'utf8')
    for (const m of src.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) lazy.add(resolveFrom(file, m[1]!))
    for (const m of src.matchAll(/^import\s+(?!type\b)[^'\n]*?from\s+'(\.[^']+)'/gm)) walk(resolveFrom(file, m[1]!))
  }
  walk(page)
  return lazy
}

describe('lazy parts preloaded with a route', () => {
  const routes = routeTable(CLIENT)

  it("names the residents' map as a part of /public/zones", () => {
    const zones = routes.find((r) => r.path === '/public/zones')
    expect(zones?.parts?.map((p) => relative(CLIENT, p))).toEqual(['components/zones/ZonesPublicMap.vue'])
  })

  it('names the device database code of the capture form (its draft) as a part of /patrol/new', () => {
    const capture = routes.find((r) => r.path === '/patrol/new')
    expect(capture?.parts?.map((p) => relative(CLIENT, p))).toEqual(['db/sightings.ts'])
  })

  it('names only files its page, or a module of the app it imports, imports lazily', () => {
    const problems: string[] = []
    for (const r of routes)
      for (const part of r.parts ?? []) {
        if (!existsSync(part)) problems.push(`${r.path}: ${relative(CLIENT, part)} does not exist`)
        else if (!lazyImports(r.component).has(part)) problems.push(`${r.path}: nothing its page imports loads ${relative(CLIENT, part)} lazily`)
      }
    expect(problems).toEqual([])
  })
})
