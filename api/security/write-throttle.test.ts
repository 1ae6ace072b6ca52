// Write throttling: past the per-user (or per-IP) limit a write gets 429 problem+json with Retry-After,
// reads and sign-out still work, the next window lets writes through again, and a sync push of many
// mutations counts as one write.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { forwardedClient } from '../http/client-ip.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
afterEach(() => t?.close())

/** Commits in a SQLite WAL file: its valid frames (the header's salts) that end a transaction (a database size set). */
function walCommits(file: string): number {
  const wal = readFileSync(`${file}-wal`)
  if (wal.length < 32) return 0
  const pageSize = wal.readUInt32BE(8)
  let commits = 0
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== wal.readUInt32BE(16) || wal.readUInt32BE(at + 12) !== wal.readUInt32BE(20)) break
    if (wal.readUInt32BE(at + 4) !== 0) commits++
  }
  return commits
}

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

  it('on SQLite, a push and its count are one commit; a push past the limit commits its count and applies nothing', async () => {
    t = await createTestApp({ env: { WRITE_LIMIT_PER_USER: '1' } })
    if (t.deps.dialect !== 'sqlite') return
    const cookie = await t.login('inspector')
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.deps.db)
    const first = push(3)
    expect((await t.req('/api/sync/push', { method: 'POST', json: first, cookie })).status).toBe(200)
    // Before: one commit for the count, then one for the push.
    expect(walCommits(t.deps.env.DATABASE_URL)).toBe(1)
    const second = push(2)
    expect((await t.req('/api/sync/push', { method: 'POST', json: second, cookie })).status).toBe(429)
    const user = await t.deps.db.selectFrom('rate_limits').select('count').where('key', 'like', 'write:user:%').executeTakeFirstOrThrow()
    expect(Number(user.count)).toBe(2)
    const stored = await t.deps.db.selectFrom('applied_mutations').select('mutation_id').execute()
    const ids = new Set(stored.map((r) => r.mutation_id))
    expect(first.mutations.every((m) => ids.has(m.id))).toBe(true)
    expect(second.mutations.some((m) => ids.has(m.id))).toBe(false)
    // A body the route refuses is counted all the same.
    expect((await t.req('/api/sync/push', { method: 'POST', json: { device_id: 'x' }, cookie })).status).toBe(429)
    expect(Number((await t.deps.db.selectFrom('rate_limits').select('count').where('key', 'like', 'write:user:%').executeTakeFirstOrThrow()).count)).toBe(3)
  })

  it('two pushes racing for the last write of the window: one is applied, the other counted and refused with nothing applied', async () => {
    t = await createTestApp({ env: { WRITE_LIMIT_PER_USER: '1' } })
    const cookie = await t.login('inspector')
    const bodies = [push(2), push(2)]
    const statuses = await Promise.all(bodies.map(async (json) => (await t.req('/api/sync/push', { method: 'POST', json, cookie })).status))
    expect([...statuses].sort()).toEqual([200, 429])
    const refused = bodies[statuses.indexOf(429)]!
    const stored = new Set((await t.deps.db.selectFrom('applied_mutations').select('mutation_id').execute()).map((r) => r.mutation_id))
    expect(refused.mutations.some((m) => stored.has(m.id))).toBe(false)
    expect(bodies[statuses.indexOf(200)]!.mutations.every((m) => stored.has(m.id))).toBe(true)
    const user = await t.deps.db.selectFrom('rate_limits').select('count').where('key', 'like', 'write:user:%').executeTakeFirstOrThrow()
    expect(Number(user.count)).toBe(2)
  })

  it('a pure replay and a refused body are counted once each, as any write', async () => {
    t = await createTestApp()
    const cookie = await t.login('inspector')
    const body = push(2)
    expect((await t.req('/api/sync/push', { method: 'POST', json: body, cookie })).status).toBe(200)
    expect((await t.req('/api/sync/push', { method: 'POST', json: body, cookie })).status).toBe(200)
    expect((await t.req('/api/sync/push', { method: 'POST', json: { device_id: 'x' }, cookie })).status).toBe(400)
    const rows = await t.deps.db.selectFrom('rate_limits').select(['key', 'count']).where('key', 'like', 'write:%').execute()
    expect(rows.map((r) => Number(r.count))).toEqual([3, 3])
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
