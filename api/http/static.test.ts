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
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>')
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
  t = await createTestApp({ env: { CLIENT_DIST: dist } })
})
afterAll(() => t.close())

describe('serving the built client', () => {
  it('caches hashed assets for a year, immutably', async () => {
    const res = await t.req('/assets/index-abc123.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
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
})
