// Gzip JS per route, from the Vite build manifest: the app entry and everything it imports statically,
// plus the route's lazy page chunk, its zh-CN message chunks (`meta.messages`) and their static imports:
// what a first visit to the route downloads before the page works (its own lazy parts, such as the
// map, come later).
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { atMost, Collector } from '../lib/figures.ts'
import type { ClientBuild } from '../lib/client-build.ts'
import { routeMessageFiles, routeTable } from '../../build/route-preloads.ts'

const CLIENT = fileURLToPath(new URL('../../client/', import.meta.url))

interface ManifestEntry {
  file: string
  imports?: string[]
  isEntry?: boolean
}
type Manifest = Record<string, ManifestEntry>

/** The page component a route path lazy-loads, as a manifest key (relative to client/). */
export function routeComponent(path: string): string | undefined {
  const page = routeTable(CLIENT).find((r) => r.path === path)
  return page && relative(CLIENT, page.component).split('\\').join('/')
}

/** The zh-CN message files a route path loads beside its page, as manifest keys. */
function routeMessageKeys(path: string): string[] {
  const page = routeTable(CLIENT).find((r) => r.path === path)
  return page ? routeMessageFiles(CLIENT, page).map((f) => relative(CLIENT, f).split('\\').join('/')) : []
}

function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>()
  const walk = (k: string) => {
    if (seen.has(k) || !manifest[k]) return
    seen.add(k)
    for (const i of manifest[k]!.imports ?? []) walk(i)
  }
  keys.forEach(walk)
  return seen
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10

export function bundleBench(build: ClientBuild): Collector {
  const out = new Collector('bundle')
  const manifest = JSON.parse(readFileSync(join(build.appDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
  const gz = (file: string) => gzipSync(readFileSync(join(build.appDir, file))).length
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && k.endsWith('index.html'))
  if (!entryKey) throw new Error('no index.html entry in the build manifest')
  const shell = closure(manifest, [entryKey])
  const shellGz = [...shell].reduce((s, k) => s + gz(manifest[k]!.file), 0)
  const routes = [
    { path: '/patrol/new', label: 'capture /patrol/new', budget: atMost(170, 'KB') },
    { path: '/coordinator', label: 'coordinator map /coordinator' },
    { path: '/public/zones', label: "residents' map /public/zones" },
  ]
  for (const r of routes) {
    const comp = routeComponent(r.path)
    if (!comp || !manifest[comp]) {
      out.missing(`gzip JS, ${r.label}`, comp ? `${comp} is not in the build manifest` : `no route ${r.path} in client/pages yet`, r.budget, 'KB')
      continue
    }
    const keys = closure(manifest, [entryKey, comp, ...routeMessageKeys(r.path)])
    const sizes = [...keys].map((k) => ({ file: manifest[k]!.file, gz: gz(manifest[k]!.file) })).sort((a, b) => b.gz - a.gz)
    const total = sizes.reduce((s, x) => s + x.gz, 0)
    const owners: Record<string, number> = {}
    for (const s of sizes) for (const [o, n] of Object.entries(build.chunks.get(s.file)?.parts ?? {})) owners[o] = (owners[o] ?? 0) + n
    const top = Object.entries(owners)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([o, n]) => `${o} ${kb(n)}`)
      .join(', ')
    out.add({
      name: `gzip JS, ${r.label}`,
      value: kb(total),
      unit: 'KB',
      budget: r.budget,
      comparison: `app shell alone (entry + static imports) ${kb(shellGz)} KB`,
      ratio: total / shellGz,
      note: `${keys.size} chunks (${comp}); largest gzip: ${sizes
        .slice(0, 3)
        .map((s) => `${s.file.replace(/^assets\//, '')} ${kb(s.gz)}`)
        .join(', ')}; biggest contributors, KB before gzip: ${top}`,
    })
  }
  return out
}
