// PostgreSQL only: concurrent pushes of reports at one busy place (the hotspot merge path) through one
// app must never answer 5xx (no deadlock reaches the device) and must apply every mutation exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseAdminUrl } from '../env.ts'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { DEMO_OPEN311_KEY } from '../modules/patrol/hotspots/seed.ts'
import pg from 'pg'

describe.runIf(testDatabaseAdminUrl())('concurrent clustered pushes on PostgreSQL', () => {
  let t: TestApp
  let insp: string
  beforeAll(async () => {
    t = await createTestApp()
    insp = await t.login('inspector')
  })
  afterAll(() => t?.close())

  // Reports ~11 m apart along one pavement: the sites they form grow into each other and merge.
  const report = (i: number): Mutation => ({
    id: uuidv7(),
    entity: 'report',
    entity_id: uuidv7(),
    op: 'put',
    base_version: null,
    data: {
      position: { lat: 39.8986 + (i % 30) * 0.0001, lng: 116.4801 + (i % 7) * 0.00001, accuracy_m: 6, source: 'gps' },
      community_id: 'jiulongnan',
      address: '测试大厦北门人行道',
      kind: 'shared_bike',
      counts: { 'bike-a': 1 + (i % 20) },
      blocked_share: 0.5,
      clear_width_m: 1.2,
      photos: [],
      note: '',
      observed_at: '2026-12-02T01:50:00Z',
    },
    client_time: '2026-12-02T01:59:00Z',
  })
  const push = async (mutations: Mutation[], device: string) => {
    const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: device, mutations } })
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as PushResponse) : await res.text() }
  }

  it('six clients, with one batch sent twice at once: no 5xx, each mutation applied once, gapless seq', async () => {
    const start = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirstOrThrow()
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 25 }, (_, k) => report(b * 25 + k)))
    // Open311 POSTs at the same pavement write the same hotspots outside a push, at the same time.
    const open311 = Array.from({ length: 4 }, (_, i) =>
      t.req('/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: DEMO_OPEN311_KEY,
          service_code: 'shared_bike',
          lat: String(39.8986 + i * 0.0002),
          long: '116.4801',
          address_string: '测试大厦北门人行道',
        }).toString(),
      }),
    )
    const sends = [...batches.map((m, i) => push(m, `dev-${i}`)), push(batches[0]!, 'dev-0'), push(batches[3]!, 'dev-3')]
    const [out, citizen] = await Promise.all([Promise.all(sends), Promise.all(open311)])
    expect(citizen.map((r) => r.status)).toEqual([201, 201, 201, 201])
    for (const o of out) expect(o.status, String(typeof o.body === 'string' ? o.body : '')).toBe(200)
    const results = out.map((o) => (o.body as PushResponse).results)
    expect(results[6]).toEqual(results[0])
    expect(results[7]).toEqual(results[3])
    expect(results.flat().every((r) => r.status === 'applied')).toBe(true)

    const all = batches.flat()
    const db = t.deps.db
    const reports = await db
      .selectFrom('patrol_reports')
      .select(['id', 'hotspot_id'])
      .where('subdistrict_id', '=', 'shuangjing')
      .where(
        'id',
        'in',
        all.map((m) => m.entity_id),
      )
      .execute()
    expect(reports).toHaveLength(all.length)
    const applied = await db
      .selectFrom('applied_mutations')
      .select('mutation_id')
      .where('subdistrict_id', '=', 'shuangjing')
      .where(
        'mutation_id',
        'in',
        all.map((m) => m.id),
      )
      .execute()
    expect(applied).toHaveLength(all.length)
    const log = await db
      .selectFrom('change_log')
      .select(['seq', 'entity_id'])
      .where('subdistrict_id', '=', 'shuangjing')
      .where('seq', '>', Number(start.seq))
      .orderBy('seq')
      .execute()
    expect(log.map((r) => Number(r.seq))).toEqual(Array.from({ length: all.length + 4 }, (_, i) => Number(start.seq) + 1 + i))
    expect(new Set(log.map((r) => r.entity_id)).size).toBe(all.length + 4)
    // The merges left no report pointing at a deleted hotspot.
    const sites = new Set((await db.selectFrom('patrol_hotspots').select('id').where('subdistrict_id', '=', 'shuangjing').execute()).map((h) => h.id))
    for (const r of reports) expect(r.hotspot_id !== null && sites.has(r.hotspot_id)).toBe(true)
  })

  it('the same batch sent twice while the counter is locked: checked alike by both, applied once, both answered the same', async () => {
    const batch = Array.from({ length: 5 }, (_, k) => report(500 + k))
    const before = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirstOrThrow()
    // Another writer holds the subdistrict's counter: both pushes check the batch (nothing stored yet)
    // and queue for the lock; the second to get it finds the first's results only by its write failing.
    const holder = new pg.Client({ connectionString: t.deps.env.DATABASE_URL })
    await holder.connect()
    try {
      await holder.query('begin')
      await holder.query(`select seq from sync_counters where subdistrict_id = 'shuangjing' for update`)
      const sends = [push(batch, 'dev-twice'), push(batch, 'dev-twice')]
      for (let i = 0; i < 200; i++) {
        // Inside a transaction the activity view is read once unless its snapshot is cleared.
        await holder.query('select pg_stat_clear_snapshot()')
        const waiting = await holder.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and (query like 'insert into "sync_counters"%' or query like '%sync_lock_counter_sites(%' or query like '%sync_lock_counter_check(%')`,
        )
        if (waiting.rows[0]!.n >= 2) break
        await new Promise((r) => setTimeout(r, 25))
        if (i === 199) throw new Error('the two pushes never queued for the counter lock')
      }
      await holder.query('commit')
      const [a, b] = (await Promise.all(sends)) as [Awaited<ReturnType<typeof push>>, Awaited<ReturnType<typeof push>>]
      expect([a.status, b.status]).toEqual([200, 200])
      expect((b.body as PushResponse).results).toEqual((a.body as PushResponse).results)
      expect((a.body as PushResponse).results.every((r) => r.status === 'applied')).toBe(true)
    } finally {
      await holder.end()
    }
    const log = await t.deps.db
      .selectFrom('change_log')
      .select('entity_id')
      .where('subdistrict_id', '=', 'shuangjing')
      .where('seq', '>', Number(before.seq))
      .execute()
    expect(log.map((r) => r.entity_id).sort()).toEqual(batch.map((m) => m.entity_id).sort())
  })
})
