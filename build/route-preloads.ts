// Which files each route's page needs beyond the app shell. The route tables say which page a path
// lazy-loads; the build says which chunks and styles that page pulls in. The plugin writes the list to
// the build as route-preloads.json, and the server (api/http/static.ts) names those files in the
// index.html it answers for the path, so a first visit downloads the page beside the shell instead
// of after it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Plugin, Rollup } from 'vite'
import { GROUP_FILES, LAZY_GROUPS, type LazyGroup } from '../client/i18n/groups.ts'

export const ROUTE_PRELOADS_FILE = 'route-preloads.json'

export interface RoutePage {
  /** The route's path as written in the route table (`/public/guides/:code`). */
  path: string
  /** Absolute path of the page component it lazy-loads. */
  component: string
  /** The groups of messages its `meta.messages` names (absent: every group). */
  messages?: string[]
  /** The API reads its `meta.fetches` names. */
  fetches?: string[]
  /** Absolute paths of the lazy parts its `meta.parts` names (the page opens them at once). */
  parts?: string[]
}

function routeFiles(clientDir: string): string[] {
  const under = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n)
      return statSync(p).isDirectory() ? under(p) : /(^|-)routes\.ts$/.test(n) ? [p] : []
    })
  return [join(clientDir, 'router.ts'), ...under(join(clientDir, 'pages'))]
}

/**
 * Every route of client/router.ts and client/pages/**\/(*-)routes.ts with the page it lazy-loads: each
 * `path: '…'` and the first `import('…')` before the next path. The catch-all route is left out.
 */
export function routeTable(clientDir: string): RoutePage[] {
  const out: RoutePage[] = []
  for (const file of routeFiles(clientDir)) {
    const src = readFileSync(file, 'utf8')
    const paths = [...src.matchAll(/path:\s*'([^']+)'/g)]
    paths.forEach((m, i) => {
      const scope = src.slice(m.index, paths[i + 1]?.index ?? src.length)
      const lazy = /import\(\s*'([^']+)'\s*\)/.exec(scope)
      const messages = /messages:\s*\[([^\]]*)\]/.exec(scope)?.[1]
      const fetches = /fetches:\s*\[([^\]]*)\]/.exec(scope)?.[1]
      const parts = /parts:\s*\[([^\]]*)\]/.exec(scope)?.[1]
      const quoted = (list: string) => [...list.matchAll(/'([^']+)'/g)].map((g) => g[1]!)
      if (lazy && !m[1]!.includes('('))
        out.push({
          path: m[1]!,
          component: resolve(dirname(file), lazy[1]!),
          ...(messages !== undefined ? { messages: quoted(messages) } : {}),
          ...(fetches !== undefined ? { fetches: quoted(fetches) } : {}),
          ...(parts !== undefined ? { parts: quoted(parts).map((f) => resolve(dirname(file), f)) } : {}),
        })
    })
  }
  return out
}

export interface RoutePreloads {
  /** `later`: the files of the page's lazy parts (`meta.parts`) not among `files`, asked for at low priority. */
  routes: { path: string; files: string[]; later?: string[]; fetches?: string[] }[]
}

/** The zh-CN files of messages (client/i18n/zh-CN/*.ts, absolute) a route's page loads beside its chunk. */
export function routeMessageFiles(clientDir: string, route: RoutePage): string[] {
  const groups = (route.messages ?? LAZY_GROUPS) as LazyGroup[]
  return [...new Set(groups.map((g) => GROUP_FILES[g]))].map((f) => join(clientDir, 'i18n', 'zh-CN', `${f}.ts`))
}

/**
 * Writes route-preloads.json: per route, its page's chunks, its zh-CN messages, the lazy parts its page
 * opens at once (`meta.parts`) and their styles that the shell does not already load, and the API reads
 * the page makes as it opens.
 */
export function routePreloads(clientDir: string): Plugin {
  return {
    name: 'lastmile-route-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Rollup.OutputChunk>()
      for (const out of Object.values(bundle)) if (out.type === 'chunk') chunks.set(out.fileName, out)
      const closure = (start: string): string[] => {
        const seen = new Set<string>()
        const walk = (f: string) => {
          if (seen.has(f) || !chunks.has(f)) return
          seen.add(f)
          for (const i of chunks.get(f)!.imports) walk(i)
        }
        walk(start)
        return [...seen]
      }
      const entry = [...chunks.values()].find((c) => c.isEntry)
      if (!entry) return
      const shell = new Set(closure(entry.fileName))
      const routes: RoutePreloads['routes'] = []
      for (const r of routeTable(clientDir)) {
        const page = [...chunks.values()].find((c) => c.facadeModuleId === r.component)
        if (!page) continue
        const chunkOf = (m: string) => [...chunks.values()].find((c) => c.facadeModuleId === m)?.fileName ?? []
        const messages = routeMessageFiles(clientDir, r).flatMap(chunkOf)
        const parts = (r.parts ?? []).map((p) => {
          const chunk = chunkOf(p)
          if (!chunk.length) this.error(`${r.path}: meta.parts names ${p}, which is no chunk of the build (a lazy import of the page?)`)
          return chunk
        })
        const js = [...new Set([page.fileName, ...messages].flatMap(closure))].filter((f) => !shell.has(f))
        const css = new Set(js.flatMap((f) => [...(chunks.get(f)!.viteMetadata?.importedCss ?? [])]))
        const laterJs = [...new Set(parts.flat().flatMap(closure))].filter((f) => !shell.has(f) && !js.includes(f))
        const laterCss = new Set(laterJs.flatMap((f) => [...(chunks.get(f)!.viteMetadata?.importedCss ?? [])]).filter((f) => !css.has(f)))
        const later = [...laterJs, ...laterCss]
        routes.push({ path: r.path, files: [...js, ...css], ...(later.length ? { later } : {}), ...(r.fetches?.length ? { fetches: r.fetches } : {}) })
      }
      const preloads: RoutePreloads = { routes }
      this.emitFile({ type: 'asset', fileName: ROUTE_PRELOADS_FILE, source: JSON.stringify(preloads) })
    },
  }
}
