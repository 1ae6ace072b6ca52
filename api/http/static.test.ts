import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'

let t: TestApp
beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'lastmile-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><div id="app"></div></body></html>')
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
  mkdirSync(join(dist, 'icons'))
  writeFileSync(join(dist, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  writeFileSync(
    join(dist, 'route-preloads.json'),
    JSON.stringify({
      routes: [
        {
          path: '/public/zones',
          files: ['assets/PublicZonesPage-a1.js', 'assets/PublicZonesPage-b2.css'],
          later: ['assets/ZonesPublicMap-f6.js', 'assets/MapView-g7.css'],
          fetches: ['/api/patrol/zones/public', '/x"><script>'],
        },
        { path: '/counter/guides/new', files: ['assets/CounterGuideEditPage-c3.js'] },
        { path: '/counter/guides/:id', files: ['assets/CounterGuidePage-d4.js'] },
        { path: '/public/follow/:code?', files: ['assets/ResidentFollowPage-e5.js'] },
      ],
    }),
  )
  t = await createTestApp({ env: { CLIENT_DIST: dist } })
})
afterAll(() => t.close())

describe('serving the built client', () => {
  it('caches hashed assets for a year, immutably', async () => {
    const res = await t.req('/assets/index-abc123.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('caches public files with unhashed names for a day, not immutably', async () => {
    const res = await t.req('/icons/icon-192.png')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    // An app route that looks like a file name still gets the uncached index.html.
    expect((await t.req('/patrol/new.html')).headers.get('cache-control')).toBe('no-cache')
  })

  it('never caches the service worker or index.html', async () => {
    expect((await t.req('/sw.js')).headers.get('cache-control')).toBe('no-cache')
    expect((await t.req('/')).headers.get('cache-control')).toBe('no-cache')
  })

  it('falls back to index.html for app routes, but not for API paths', async () => {
    const page = await t.req('/patrol/new')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const api = await t.req('/api/does-not-exist')
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toMatch(/problem\+json/)
  })

  it("names the route's page chunks and styles as preloads in the index.html it answers", async () => {
    const html = await (await t.req('/public/zones')).text()
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/PublicZonesPage-a1.js">')
    expect(html).toContain('<link rel="preload" as="style" crossorigin href="/assets/PublicZonesPage-b2.css">')
    expect(html.indexOf('PublicZonesPage-a1.js')).toBeLessThan(html.indexOf('</head>'))
  })

  it("names the page's lazy parts (the residents' map) as preloads at low priority, after the page's own files", async () => {
    const html = await (await t.req('/public/zones')).text()
    expect(html).toContain('<link rel="modulepreload" crossorigin fetchpriority="low" href="/assets/ZonesPublicMap-f6.js">')
    expect(html).toContain('<link rel="preload" as="style" crossorigin fetchpriority="low" href="/assets/MapView-g7.css">')
    expect(html.indexOf('PublicZonesPage-b2.css')).toBeLessThan(html.indexOf('ZonesPublicMap-f6.js'))
    expect(html.indexOf('MapView-g7.css')).toBeLessThan(html.indexOf('</head>'))
    expect(await (await t.req('/counter/guides/new')).text()).not.toContain('fetchpriority')
  })

  it("asks for the API reads a route's page makes as it opens, with the app's fetch mode, and only API paths", async () => {
    const html = await (await t.req('/public/zones')).text()
    expect(html).toContain('<link rel="preload" as="fetch" crossorigin href="/api/patrol/zones/public">')
    expect(html).not.toContain('<script>')
    expect(html.indexOf('/api/patrol/zones/public')).toBeLessThan(html.indexOf('</head>'))
    expect(await (await t.req('/counter/guides/new')).text()).not.toContain('as="fetch"')
  })

  it('matches a route with parameters, a path without them first, and leaves other paths alone', async () => {
    expect(await (await t.req('/counter/guides/new')).text()).toContain('CounterGuideEditPage-c3.js')
    expect(await (await t.req('/counter/guides/new')).text()).not.toContain('CounterGuidePage-d4.js')
    expect(await (await t.req('/counter/guides/42')).text()).toContain('CounterGuidePage-d4.js')
    expect(await (await t.req('/public/follow')).text()).toContain('ResidentFollowPage-e5.js')
    expect(await (await t.req('/public/follow/AB12')).text()).toContain('ResidentFollowPage-e5.js')
    expect(await (await t.req('/patrol/new')).text()).not.toContain('modulepreload')
  })
})
