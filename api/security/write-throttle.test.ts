// Write throttling: past the per-user (or per-IP) limit a write gets 429 problem+json with Retry-After,
// reads and sign-out still work, the next window lets writes through again, and a sync push of many
// mutations counts as one write.
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { forwardedClient } from '../http/client-ip.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
afterEach(() => t?.close())

const push = (n: number) => ({
  device_id: 'throttle-test',
  mutations: Array.from({ length: n }, () => ({
    id: uuidv7(),
    entity: 'no_such_entity',
    entity_id: uuidv7(),
    op: 'put',
    base_version: null,
    data: {},
    client_time: '2026-12-02T02:00:00.000Z',
  })),
})

describe('write throttling', () => {
  it('answers 429 with Retry-After past the per-user limit, until the window turns', async () => {
    t = await createTestApp({ env: { WRITE_LIMIT_PER_USER: '3', WRITE_LIMIT_WINDOW_SECONDS: '60' } })
    const cookie = await t.login('inspector')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await t.req('/api/sync/push', { method: 'POST', json: push(50), cookie })).status)
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true)
    expect(statuses[3]).toBe(429)
    const res = await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie })
    expect(res.status).toBe(429)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    const retry = Number(res.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    // Reads are not throttled; another user is not affected by this user's count.
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(200)
    const other = await t.login('inspector2')
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: other, headers: { 'x-forwarded-for': '10.0.0.2' } })).status).not.toBe(429)
    t.clock.advance(retry * 1000)
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie })).status).not.toBe(429)
    // Signing out always works.
    expect((await t.req('/api/auth/logout', { method: 'POST', cookie })).status).toBeLessThan(300)
  })

  it('counts writes per IP across users', async () => {
    t = await createTestApp({ env: { WRITE_LIMIT_PER_IP: '2' } })
    const a = await t.login('inspector')
    const b = await t.login('inspector2')
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: a })).status).not.toBe(429)
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: b })).status).not.toBe(429)
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: b })).status).toBe(429)
    expect((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: b, headers: { 'x-forwarded-for': '10.0.0.3' } })).status).not.toBe(429)
  })

  it('costs one counter row per user and per IP, whatever the batch size', async () => {
    t = await createTestApp()
    const cookie = await t.login('inspector')
    await t.req('/api/sync/push', { method: 'POST', json: push(200), cookie })
    const rows = await t.deps.db.selectFrom('rate_limits').select(['key', 'count']).where('key', 'like', 'write:%').execute()
    expect(rows.map((r) => Number(r.count))).toEqual([1, 1])
  })

  it('behind the trusted proxy, a client-sent X-Forwarded-For cannot change the throttled address', async () => {
    t = await createTestApp({ env: { WRITE_LIMIT_PER_IP: '2', TRUST_PROXY: '1' } })
    const cookie = await t.login('inspector')
    const cookie2 = await t.login('inspector2')
    // nginx appends the address it saw (203.0.113.9) to whatever the client sent.
    const via = (forged: string) => ({ 'x-forwarded-for': `${forged}, 203.0.113.9` })
    const statuses: number[] = []
    for (const [i, forged] of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'].entries())
      statuses.push((await t.req('/api/sync/push', { method: 'POST', json: push(1), cookie: i % 2 ? cookie : cookie2, headers: via(forged) })).status)
    expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true)
    expect(statuses.slice(2)).toEqual([429, 429])
    const keys = await t.deps.db.selectFrom('rate_limits').select('key').where('key', 'like', 'write:ip:%').execute()
    expect(keys.map((k) => k.key)).toEqual(['write:ip:203.0.113.9'])
  })

  it('takes the entry the outermost trusted proxy added, by the number of proxies', () => {
    expect(forwardedClient('6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7')
    expect(forwardedClient('6.6.6.6, 198.51.100.7, 10.0.0.5', 2)).toBe('198.51.100.7')
    expect(forwardedClient('198.51.100.7', 2)).toBe('198.51.100.7')
    expect(forwardedClient('198.51.100.7', 0)).toBeUndefined()
    expect(forwardedClient(' , ', 1)).toBeUndefined()
  })
})
