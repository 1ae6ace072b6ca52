// Serves the built client: hashed assets cached for a year, the service worker and index.html
// never cached (so an update reaches phones), other public files (icons, fonts: names without a hash)
// for a day, and any other path falls back to the SPA. The build
// writes a .br and a .gz beside each compressible file (vite.config.ts): those are sent, with
// Content-Encoding and Vary: Accept-Encoding, to a browser that takes them. index.html has an ETag, so
// asking again for an unchanged one is a 304. The index.html answered for an app route names that
// route's page chunks and styles (route-preloads.json, written by the build) as preloads, so the page
// downloads beside the app shell instead of after it has run, the lazy parts the page opens at once
// (the residents' map) at low priority, and the API reads the page makes as it opens, so their answers
// arrive with the code instead of after it.
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import type { AppEnv } from './context.ts'
import { conditionalGet } from './etag.ts'

const NO_CACHE = /^\/(sw\.js|index\.html|manifest\.webmanifest|registerSW\.js|workbox-[^/]+\.js)?$/
const SERVER_PATH = /^\/(api|open311|gbfs|tiles)(\/|$)/
/** A file of public/ keeps its name from one release to the next: a day, then the browser asks again. */
const PUBLIC_FILE_CACHE = 'public, max-age=86400'

export function mountClient(app: Hono<AppEnv>, distDir: string) {
  const root = resolve(distDir)
  if (!existsSync(join(root, 'index.html'))) return false
  app.use('*', async (c, next) => {
    await next()
    if (c.req.method !== 'GET' || c.res.status !== 200) return
    const path = c.req.path
    if (path.startsWith('/assets/')) c.header('cache-control', 'public, max-age=31536000, immutable')
    else if (NO_CACHE.test(path)) c.header('cache-control', 'no-cache')
    else if (/\.\w+$/.test(path) && !SERVER_PATH.test(path) && !c.res.headers.has('cache-control')) c.header('cache-control', PUBLIC_FILE_CACHE)
  })
  app.use('/', conditionalGet)
  app.use('/index.html', conditionalGet)
  app.use('*', serveStatic({ root, precompressed: true }))
  let indexHtml: string | undefined
  const preloads = routePreloads(root)
  app.get('*', conditionalGet, async (c) => {
    if (SERVER_PATH.test(c.req.path)) return c.notFound()
    indexHtml ??= await readFile(join(root, 'index.html'), 'utf8')
    c.header('cache-control', 'no-cache')
    return c.html(withPreloads(indexHtml, preloads(c.req.path)))
  })
  return true
}

interface RouteFiles {
  path: string
  files: string[]
  /** The page's lazy parts it opens once it has painted (the residents' map): asked for after `files`. */
  later?: string[]
  /** API reads the page makes as it opens. */
  fetches?: string[]
}
interface RoutePreloadsFile {
  routes: RouteFiles[]
}

/** The files (and API reads) of the route a path opens: a route without parameters first, as the client's router ranks them. */
export function routePreloads(root: string): (path: string) => RouteFiles | undefined {
  const file = join(root, 'route-preloads.json')
  if (!existsSync(file)) return () => undefined
  const { routes } = JSON.parse(readFileSync(file, 'utf8')) as RoutePreloadsFile
  const exact = new Map(routes.filter((r) => !r.path.includes(':')).map((r) => [r.path, r]))
  const patterns = routes.filter((r) => r.path.includes(':')).map((r) => ({ re: pathPattern(r.path), route: r }))
  return (path) => {
    const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
    return exact.get(clean) ?? patterns.find((p) => p.re.test(clean))?.route
  }
}

/** A route path as the router reads it: `:name` one segment, `:name?` an optional one. */
function pathPattern(path: string): RegExp {
  const segments = path
    .split('/')
    .slice(1)
    .map((seg) => {
      if (/^:\w+\?$/.test(seg)) return '(?:/[^/]+)?'
      if (/^:\w+$/.test(seg)) return '/[^/]+'
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`
    })
  return new RegExp(`^${segments.join('')}$`)
}

/**
 * index.html with a preload for each file, before </head> (crossorigin, as the app's own module loads
 * are), and for each API read (crossorigin: the same mode and credentials as the app's fetch, so its
 * request takes the preloaded answer). The page's lazy parts are preloaded at low priority: they
 * download beside the app's code without holding back the page's own files, which run first.
 */
function withPreloads(html: string, route: RouteFiles | undefined): string {
  if (!route) return html
  const safe = (p: string) => /^[\w./-]+$/.test(p)
  const link = (f: string, priority: string) =>
    f.endsWith('.css')
      ? `<link rel="preload" as="style" crossorigin${priority} href="/${f}">`
      : `<link rel="modulepreload" crossorigin${priority} href="/${f}">`
  const links = [
    ...(route.fetches ?? []).filter((p) => safe(p) && p.startsWith('/api/')).map((p) => `<link rel="preload" as="fetch" crossorigin href="${p}">`),
    ...route.files.filter(safe).map((f) => link(f, '')),
    ...(route.later ?? []).filter(safe).map((f) => link(f, ' fetchpriority="low"')),
  ].join('')
  return links ? html.replace('</head>', `${links}</head>`) : html
}
