// Open311 POST under load from anonymous clients: the body is counted as it streams and refused past
// 64 KB, a bad api_key sent outside the body is refused before one byte of the body is read, and writes
// are throttled per address and per key. Every refusal is in Open311's own error format.
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_OPEN311_KEY } from '../modules/patrol/hotspots/seed.ts'
import { OPEN311_BODY_LIMIT } from './open311-guard.ts'

let t: TestApp
afterEach(() => t?.close())

const STATION = { lat: 39.892109, lng: 116.471685 }
const CHUNK = 16 * 1024

/** A form body of `total` bytes that counts how much of it the server pulled. */
function countingBody(total: number) {
  const state = { pulled: 0 }
  const chunk = new TextEncoder().encode('a'.repeat(CHUNK))
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (state.pulled >= total) return ctrl.close()
      state.pulled += chunk.length
      ctrl.enqueue(chunk)
    },
  })
  return { stream, state }
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  t.req(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, duplex: 'half' } as RequestInit)

const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString()

describe('Open311 POST guard', () => {
  it('refuses a large streamed form body with 413 after reading little more than the limit', async () => {
    t = await createTestApp()
    const { stream, state } = countingBody(50 * 1024 * 1024)
    const res = await post('/open311/v2/requests.json', stream)
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual([{ code: 413, description: expect.stringMatching(/larger than/) }])
    expect(state.pulled).toBeLessThan(OPEN311_BODY_LIMIT + 4 * CHUNK)
  })

  it('refuses a declared Content-Length over the limit without reading, in XML too', async () => {
    t = await createTestApp()
    const res = await t.req('/open311/v2/requests.xml', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(OPEN311_BODY_LIMIT + 1) },
      body: 'x'.repeat(OPEN311_BODY_LIMIT + 1),
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toMatch(/<errors><error><code>413<\/code>/)
  })

  it('answers 403 for an unknown key in the query or header before reading the body', async () => {
    t = await createTestApp()
    for (const [path, headers] of [
      ['/open311/v2/requests.json?api_key=wrong', {}],
      ['/open311/v2/requests.json', { 'x-api-key': 'wrong' }],
    ] as const) {
      const { stream, state } = countingBody(10 * 1024 * 1024)
      const res = await post(path, stream, headers)
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual([{ code: 403, description: expect.stringMatching(/Invalid api_key/) }])
      // The stream may have been primed with a chunk or two, never read on.
      expect(state.pulled).toBeLessThanOrEqual(2 * CHUNK)
    }
  })

  it('takes a good key from the query (GeoReport clients) as well as from the form', async () => {
    t = await createTestApp()
    const fields = { service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng }
    expect((await post(`/open311/v2/requests.json?api_key=${DEMO_OPEN311_KEY}`, form(fields))).status).toBe(201)
    expect((await post('/open311/v2/requests.json', form({ ...fields, api_key: DEMO_OPEN311_KEY }))).status).toBe(201)
    const missing = await post('/open311/v2/requests.json', form(fields))
    expect(missing.status).toBe(403)
    expect(await missing.json()).toEqual([{ code: 403, description: 'api_key was not provided' }])
  })

  it('throttles writes per address, bad keys included', async () => {
    t = await createTestApp({ env: { OPEN311_LIMIT_PER_IP: '3' } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post('/open311/v2/requests.json', form({ api_key: 'guess' + i }))).status)
    expect(statuses).toEqual([403, 403, 403, 429])
    const res = await post('/open311/v2/requests.json', form({ api_key: DEMO_OPEN311_KEY }))
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await res.json()).toEqual([{ code: 429, description: expect.any(String) }])
    // Another address is not affected.
    const other = await post(
      '/open311/v2/requests.json',
      form({ api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng }),
      {
        'x-forwarded-for': '10.9.9.9',
      },
    )
    expect(other.status).toBe(201)
  })

  it('throttles writes per key across addresses', async () => {
    t = await createTestApp({ env: { OPEN311_LIMIT_PER_KEY: '2' } })
    const fields = { api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng }
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await post('/open311/v2/requests.json', form(fields), { 'x-forwarded-for': `10.8.0.${i}` })).status)
    expect(statuses).toEqual([201, 201, 429])
  })

  it('puts a limit on bodies outside /api and Open311 too', async () => {
    t = await createTestApp()
    const { stream, state } = countingBody(20 * 1024 * 1024)
    const res = await t.req('/gbfs/v3/gbfs.json', { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect(state.pulled).toBeLessThan(256 * 1024)
  })
})
