// Serves the built client: hashed assets cached for a year, the service worker and index.html
// never cached (so an update reaches phones), and any other path falls back to the SPA. The build
// writes a .br and a .gz beside each compressible file (vite.config.ts): those are sent, with
// Content-Encoding and Vary: Accept-Encoding, to a browser that takes them. index.html has an ETag, so
// asking again for an unchanged one is a 304.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import type { AppEnv } from './context.ts'
import { conditionalGet } from './etag.ts'

const NO_CACHE = /^\/(sw\.js|index\.html|manifest\.webmanifest|registerSW\.js|workbox-[^/]+\.js)?$/

export function mountClient(app: Hono<AppEnv>, distDir: string) {
  const root = resolve(distDir)
  if (!existsSync(join(root, 'index.html'))) return false
  app.use('*', async (c, next) => {
    await next()
    if (c.req.method !== 'GET' || c.res.status !== 200) return
    const path = c.req.path
    if (path.startsWith('/assets/')) c.header('cache-control', 'public, max-age=31536000, immutable')
    else if (NO_CACHE.test(path)) c.header('cache-control', 'no-cache')
  })
  app.use('/', conditionalGet)
  app.use('/index.html', conditionalGet)
  app.use('*', serveStatic({ root, precompressed: true }))
  let indexHtml: string | undefined
  app.get('*', conditionalGet, async (c) => {
    if (/^\/(api|open311|gbfs|tiles)(\/|$)/.test(c.req.path)) return c.notFound()
    indexHtml ??= await readFile(join(root, 'index.html'), 'utf8')
    c.header('cache-control', 'no-cache')
    return c.html(indexHtml)
  })
  return true
}
