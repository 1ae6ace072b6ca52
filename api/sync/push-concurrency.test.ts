// PostgreSQL only: concurrent pushes of reports at one busy place (the hotspot merge path) through one
// app must never answer 5xx (no deadlock reaches the device) and must apply every mutation exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseAdminUrl } from '../env.ts'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { DEMO_OPEN311_KEY } from '../modules/patrol/hotspots/seed.ts'

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
})
