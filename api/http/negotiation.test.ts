// HTTP as clients and caches expect it: compressed answers, ETag and 304 on the public pages, 401 with a
// challenge, 405 with Allow, and the language negotiated from Accept-Language (q-values and all), said
// in Content-Language and Vary, one language through a whole problem.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { negotiateLang, WWW_AUTHENTICATE } from './problem.ts'
import { SESSION_COOKIE } from '../auth/sessions.ts'
import { sha256Hex } from '../media/service.ts'
import { jpegWithExif } from '../test-support/media-fixtures.ts'

let t: TestApp
let coordinator: string
let meals: string
const INDEX = '<!doctype html><html lang="zh-CN"><head><title>最后一公里</title></head><body><div id="app"></div></body></html>'
const BUNDLE = `export const app = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, label: `第${i}项` })))}\n`

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'lastmile-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), INDEX)
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), BUNDLE)
  writeFileSync(join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync(BUNDLE))
  writeFileSync(join(dist, 'assets', 'index-abc123.js.gz'), gzipSync(BUNDLE))
  t = await createTestApp({ env: { CLIENT_DIST: dist } })
  coordinator = await t.login('coordinator')
  meals = await t.login('meals')
}, 60_000)
afterAll(() => t.close())

describe('compression', () => {
  it('gzips a large API answer for a client that takes gzip, and says Vary: Accept-Encoding', async () => {
    const plain = await t.req('/api/patrol/reports', { cookie: coordinator })
    const plainBytes = (await plain.arrayBuffer()).byteLength
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plainBytes).toBeGreaterThan(4096)

    const res = await t.req('/api/patrol/reports', { cookie: coordinator, headers: { 'accept-encoding': 'br;q=0.1, gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
    const zipped = Buffer.from(await res.arrayBuffer())
    expect(zipped.byteLength).toBeLessThan(plainBytes / 3)
    expect(gunzipSync(zipped).byteLength).toBe(plainBytes)
  })

  it('leaves photos alone (already compressed)', async () => {
    const inspector = await t.login('inspector')
    const photo = jpegWithExif()
    const sha = sha256Hex(photo)
    const put = await t.req(`/api/media/${sha}`, {
      method: 'PUT',
      cookie: inspector,
      body: photo as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'image/jpeg' },
    })
    expect(put.status).toBe(201)
    const res = await t.req(`/api/media/${sha}`, { cookie: inspector, headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('content-encoding')).toBeNull()
  })

  it('sends the precompressed build asset the browser takes, with Content-Encoding and Vary', async () => {
    const br = await t.req('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(br.headers.get('content-type')).toMatch(/javascript/)
    expect(Buffer.from(await br.arrayBuffer())).toEqual(brotliCompressSync(BUNDLE))

    const gz = await t.req('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BUNDLE)

    const none = await t.req('/assets/index-abc123.js')
    expect(none.headers.get('content-encoding')).toBeNull()
    expect(await none.text()).toBe(BUNDLE)
  })
})

describe('ETag and 304', () => {
  for (const path of ['/api/meals/public?subdistrict=shuangjing', '/api/patrol/zones/public?subdistrict=shuangjing', '/', '/index.html', '/patrol/new']) {
    it(`answers If-None-Match with 304 on ${path}`, async () => {
      const first = await t.req(path)
      expect(first.status).toBe(200)
      const tag = first.headers.get('etag')
      expect(tag).toMatch(/^(W\/)?"[^"]+"$/)
      expect(first.headers.get('cache-control')).toBe('no-cache')
      const again = await t.req(path, { headers: { 'if-none-match': tag! } })
      expect(again.status).toBe(304)
      expect(again.headers.get('etag')).toBe(tag)
      expect(await again.text()).toBe('')
      const other = await t.req(path, { headers: { 'if-none-match': '"something-else"' } })
      expect(other.status).toBe(200)
    })
  }

  it('keeps matching when compression weakened the tag', async () => {
    const first = await t.req('/api/meals/public?subdistrict=shuangjing', { headers: { 'accept-encoding': 'gzip' } })
    const tag = first.headers.get('etag')!
    expect(first.headers.get('content-encoding')).toBe('gzip')
    expect(tag.startsWith('W/')).toBe(true)
    const again = await t.req('/api/meals/public?subdistrict=shuangjing', { headers: { 'accept-encoding': 'gzip', 'if-none-match': tag } })
    expect(again.status).toBe(304)
  })

  it('changes the tag when the menu changes', async () => {
    const before = (await t.req('/api/meals/public?subdistrict=shuangjing')).headers.get('etag')
    await t.deps.db.updateTable('meal_pickup_points').set({ name: '新取餐点名称' }).execute()
    const after = await t.req('/api/meals/public?subdistrict=shuangjing', { headers: { 'if-none-match': before! } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(before)
  })
})

describe('status codes', () => {
  it('401 carries a WWW-Authenticate challenge naming the session cookie', async () => {
    const res = await t.req('/api/auth/me')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe(WWW_AUTHENTICATE)
    expect(WWW_AUTHENTICATE).toContain(`cookie-name="${SESSION_COOKIE}"`)
  })

  it('405 with Allow for a known path asked with a method it does not take', async () => {
    const res = await t.req('/api/meals/public', { method: 'DELETE', headers: { 'accept-language': 'en' } })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    const body = (await res.json()) as { title: string; detail: string }
    expect(body.title).toBe('Method not allowed')
    expect(body.detail).toBe('This address does not take DELETE; it takes GET, HEAD')

    const zones = await t.req('/api/patrol/zones', { method: 'PATCH', cookie: coordinator })
    expect(zones.status).toBe(405)
    expect(zones.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST'])
  })

  it('404, not 405, for a path nothing answers (the app fallback makes no path known)', async () => {
    expect((await t.req('/api/no-such-thing', { method: 'POST', json: {} })).status).toBe(404)
    expect((await t.req('/patrol/new', { method: 'POST', json: {} })).status).toBe(404)
  })
})

describe('language', () => {
  it('negotiates zh-CN or en by q-value, any Chinese as zh-CN, zh-CN by default', () => {
    expect(negotiateLang(undefined)).toBe('zh-CN')
    expect(negotiateLang('en')).toBe('en')
    expect(negotiateLang('en-GB,en;q=0.9')).toBe('en')
    expect(negotiateLang('en;q=0.5, zh;q=0.9')).toBe('zh-CN')
    expect(negotiateLang('zh-CN;q=0.2, en-US;q=0.8')).toBe('en')
    expect(negotiateLang('zh-TW')).toBe('zh-CN')
    expect(negotiateLang('fr, en;q=0.7, zh;q=0.3')).toBe('en')
    expect(negotiateLang('fr, de')).toBe('zh-CN')
    expect(negotiateLang('en;q=0, zh')).toBe('zh-CN')
  })

  it('says the language of a problem in Content-Language and Vary', async () => {
    const res = await t.req('/api/auth/me', { headers: { 'accept-language': 'fr;q=1, en;q=0.8, zh-CN;q=0.5' } })
    expect(res.headers.get('content-language')).toBe('en')
    expect(res.headers.get('vary')).toMatch(/accept-language/i)
    expect(((await res.json()) as { title: string }).title).toBe('Not signed in')
  })

  for (const [lang, title, detail] of [
    ['en', 'Bad request', 'The request body is not valid JSON'],
    ['zh-CN', '请求有误', '请求内容不是有效的 JSON'],
  ] as const) {
    it(`answers malformed JSON with a 400 wholly in ${lang}`, async () => {
      const res = await t.req('/api/meals/dishes', {
        method: 'POST',
        cookie: meals,
        headers: { 'content-type': 'application/json', 'accept-language': lang === 'en' ? 'zh;q=0.1, en' : 'zh-CN, en;q=0.5' },
        body: '{"name": ',
      })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-language')).toBe(lang)
      const body = (await res.json()) as { title: string; detail: string }
      expect(body).toMatchObject({ title, detail })
    })
  }

  it('says 415 and 413 in the negotiated language too', async () => {
    const wrongType = await t.req('/api/meals/dishes', {
      method: 'POST',
      cookie: meals,
      headers: { 'content-type': 'text/plain', 'accept-language': 'zh-CN' },
      body: 'x',
    })
    expect(wrongType.status).toBe(415)
    expect(await wrongType.json()).toMatchObject({ title: '不支持的内容类型', detail: '请以 application/json 发送请求内容' })
    const big = await t.req('/api/meals/dishes', {
      method: 'POST',
      cookie: meals,
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ title: 'Payload too large', detail: 'The request body is larger than 1 MB' })
  })
})
