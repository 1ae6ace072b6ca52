import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import type { ReportSummary } from '#domain/patrol/report.ts'

let t: TestApp
let insp: string
let insp2: string
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, insp2, coord] = [await t.login('inspector'), await t.login('inspector2'), await t.login('coordinator')]
})
afterAll(() => t.close())

// A spot on the 外企大厦 pavement, far enough from the seeded hotspots to test "nearby" precisely.
const SPOT = { lat: 39.8986, lng: 116.4801 }
const reportData = (over: Record<string, unknown> = {}) => ({
  position: { ...SPOT, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前',
  kind: 'shared_bike',
  counts: { 'bike-a': 21, 'delivery-jia': 6 },
  blocked_share: 2 / 3,
  clear_width_m: 0.9,
  photos: [],
  note: '行人走到机动车道',
  observed_at: '2026-12-02T01:58:00.000Z',
  ...over,
})
const mut = (entity: string, data: Record<string, unknown>, over: Partial<Mutation> = {}): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data,
  client_time: '2026-12-02T01:59:00Z',
  ...over,
})
const push = async (mutations: Mutation[], cookie = insp, lang = 'zh-CN') => {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-1', mutations }, headers: { 'accept-language': lang } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results
}
const get = async (path: string, cookie: string) => {
  const res = await t.req(path, { cookie })
  return { status: res.status, body: await res.json() }
}

describe('patrol reports through sync push', () => {
  it('a report pushed three times is one record, received and owned on the server', async () => {
    const m = mut('report', reportData())
    const [a] = await push([m])
    t.clock.advance(30_000)
    const [b] = await push([m])
    const [c] = await push([m])
    expect(a).toMatchObject({ status: 'applied', version: 1, record: { id: m.entity_id, status: 'open', community_id: 'jiulongnan', reporter_name: '王巡查' } })
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    expect((a!.record as any).received_at).toBe('2026-12-02T02:00:00.000Z')
    const rows = await t.deps.db.selectFrom('patrol_reports').select('id').where('id', '=', m.entity_id).execute()
    expect(rows).toHaveLength(1)
  })

  it('adds a repeat sighting to an existing report instead of a second report', async () => {
    const r = mut('report', reportData())
    const o = mut('observation', {
      ...reportData(),
      community_id: undefined,
      address: undefined,
      kind: undefined,
      report_id: r.entity_id,
      counts: { 'bike-a': 30 },
      blocked_share: 1,
      observed_at: '2026-12-02T01:59:30Z',
    })
    delete (o.data as any).community_id
    delete (o.data as any).address
    delete (o.data as any).kind
    const results = await push([r, o])
    expect(results.map((x) => x.status)).toEqual(['applied', 'applied'])
    expect(results[1]!.record).toMatchObject({ report_id: r.entity_id, community_id: 'jiulongnan', counts: { 'bike-a': 30 } })
    const one = await get(`/api/patrol/reports/${r.entity_id}`, insp)
    expect(one.status).toBe(200)
    expect(one.body.report).toMatchObject({ observation_count: 1, last_observed_at: '2026-12-02T01:59:30.000Z' })
    expect(one.body.observations).toHaveLength(1)
    const near = await get(`/api/patrol/reports/nearby?lat=${SPOT.lat}&lng=${SPOT.lng + 0.0003}&radius=50`, insp)
    expect(near.body.map((x: any) => x.id)).toContain(r.entity_id)
    expect(near.body.find((x: any) => x.id === r.entity_id).distance_m).toBeGreaterThan(20)
    const far = await get(`/api/patrol/reports/nearby?lat=${SPOT.lat}&lng=${SPOT.lng + 0.001}`, insp)
    expect(far.body.map((x: any) => x.id)).not.toContain(r.entity_id)
  })

  it('an edit on a stale version is a conflict that returns the server record', async () => {
    const r = mut('report', reportData())
    await push([r])
    const edit1 = mut('report', reportData({ note: '已通知物业' }), { entity_id: r.entity_id, base_version: 1 })
    expect((await push([edit1]))[0]).toMatchObject({ status: 'applied', version: 2 })
    const stale = mut('report', reportData({ note: '旧版本上的修改' }), { entity_id: r.entity_id, base_version: 1 })
    const [res] = await push([stale])
    expect(res).toMatchObject({ status: 'conflict', version: 2, record: { id: r.entity_id, note: '已通知物业', version: 2 } })
    const row = await t.deps.db.selectFrom('patrol_reports').select(['note', 'version']).where('id', '=', r.entity_id).executeTakeFirstOrThrow()
    expect(row).toEqual({ note: '已通知物业', version: 2 })
  })

  it('rejects a bad report with field errors in the caller language and writes nothing', async () => {
    const bad = mut(
      'report',
      reportData({
        position: { ...SPOT, accuracy_m: -3, source: 'gps' },
        counts: { 'bike-a': 501 },
        blocked_share: 1.5,
        photos: Array.from({ length: 7 }, (_, i) => String(i).repeat(64)),
      }),
    )
    const [res] = await push([bad], insp, 'en')
    expect(res!.status).toBe('rejected')
    const byPath = Object.fromEntries(res!.errors!.map((e) => [e.path, e.message]))
    expect(byPath).toMatchObject({
      'position.accuracy_m': 'Accuracy must be between 0 and 1000 m',
      'counts.bike-a': 'Count must be a whole number from 0 to 500',
      blocked_share: 'Blocked share must be between 0 and 1 (all of it)',
      photos: 'At most 6 photos',
    })
    const [missing] = await push([mut('report', reportData({ position: undefined }))], insp, 'zh-CN')
    expect(missing!.errors).toEqual([expect.objectContaining({ path: 'position', message: '还没有位置，请等待定位或在地图上放置标记' })])
    const [unknownOp] = await push([mut('report', reportData({ counts: { 'bike-z': 3 } }))])
    expect(unknownOp).toMatchObject({ status: 'rejected', errors: [{ path: 'counts.bike-z', code: 'patrol_operator_unknown' }] })
    const rows = await t.deps.db.selectFrom('patrol_reports').select('id').where('id', 'in', [bad.entity_id]).execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses a report with only a kind (no count, blocked share or photo), named at counts', async () => {
    const bare = mut('report', reportData({ counts: { 'bike-a': 0 }, blocked_share: null, clear_width_m: null, photos: [], address: '' }))
    const [res] = await push([bare], insp, 'zh-CN')
    expect(res).toMatchObject({
      status: 'rejected',
      errors: [{ path: 'counts', message: '请至少填写一项：车辆数量、被占宽度或照片' }],
    })
    expect(await t.deps.db.selectFrom('patrol_reports').select('id').where('id', '=', bare.entity_id).execute()).toHaveLength(0)
    const [shareOnly] = await push([mut('report', reportData({ counts: {}, photos: [], blocked_share: 0.5 }))])
    expect(shareOnly!.status).toBe('applied')
  })

  it('keeps an inspector out of other communities, for writes and reads', async () => {
    const [res] = await push([mut('report', reportData({ community_id: 'guangquan' }))])
    expect(res).toMatchObject({ status: 'rejected', errors: [{ path: 'community_id', code: 'patrol_community_not_yours' }] })
    // inspector2 (广泉) cannot add a sighting to, nor read, a 九龙南 report.
    const r = mut('report', reportData())
    await push([r])
    const [o] = await push(
      [mut('observation', { report_id: r.entity_id, position: { ...SPOT, accuracy_m: 5, source: 'gps' }, observed_at: '2026-12-02T01:59:00Z' })],
      insp2,
    )
    expect(o).toMatchObject({ status: 'rejected', errors: [{ path: 'report_id', code: 'patrol_community_not_yours' }] })
    expect((await get(`/api/patrol/reports/${r.entity_id}`, insp2)).status).toBe(404)
    const list2: ReportSummary[] = (await get('/api/patrol/reports?limit=2000', insp2)).body
    expect(list2.length).toBeGreaterThan(0)
    expect(new Set(list2.map((x) => x.community_id))).toEqual(new Set(['guangquan']))
    const near2 = await get(`/api/patrol/reports/nearby?lat=${SPOT.lat}&lng=${SPOT.lng}`, insp2)
    expect(near2.body).toEqual([])
    const pulled = await get('/api/sync/pull?limit=1000', insp2)
    expect(pulled.body.changes.every((c: any) => c.record?.community_id === 'guangquan')).toBe(true)
  })

  it('gives the coordinator every community, and other roles a 403', async () => {
    const list: ReportSummary[] = (await get('/api/patrol/reports?limit=2000', coord)).body
    expect(new Set(list.map((x) => x.community_id))).toEqual(new Set(['jiulongnan', 'jiulongshan', 'guangquan']))
    const mine: ReportSummary[] = (await get('/api/patrol/reports?limit=2000', insp)).body
    expect(new Set(mine.map((x) => x.community_id))).toEqual(new Set(['jiulongnan', 'jiulongshan']))
    expect((await get('/api/patrol/reports', await t.login('meals'))).status).toBe(403)
    expect((await get('/api/patrol/reports', '')).status).toBe(401)
    const [res] = await push([mut('report', reportData())], await t.login('counter'))
    expect(res!.status).toBe('rejected')
  })

  it('publishes its routes in the OpenAPI document', async () => {
    const doc = await (await t.req('/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/patrol/reports', '/api/patrol/reports/nearby', '/api/patrol/reports/{id}', '/api/patrol/operators']),
    )
    const bad = await get('/api/patrol/reports/nearby?lat=95&lng=116.47', insp)
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('query.lat')
  })

  it('lists the configured operators with generic names', async () => {
    const ops = (await get('/api/patrol/operators', insp)).body
    expect(ops.map((o: any) => o.name)).toEqual(['单车A', '单车B', '单车C', '外卖平台甲', '外卖平台乙', '其他'])
  })

  it('lets the office reconfigure the operators; retired ids stay valid for old counts', async () => {
    const admin = await t.login('admin')
    const list = [
      { id: 'bike-a', name: '单车A', kind: 'bike_share', sort_order: 10 },
      { id: 'bike-d', name: '单车D', kind: 'bike_share', sort_order: 15 },
    ]
    const put = await t.req('/api/patrol/operators', { method: 'PUT', cookie: admin, json: list })
    expect(put.status).toBe(200)
    expect((await put.json()).map((o: any) => o.id)).toEqual(['bike-a', 'bike-d'])
    expect((await t.req('/api/patrol/operators', { method: 'PUT', cookie: insp, json: list })).status).toBe(403)
    const dup = await t.req('/api/patrol/operators', { method: 'PUT', cookie: admin, json: [list[0], list[0]] })
    expect(dup.status).toBe(400)
    const [a, b] = await push([
      mut('report', reportData({ counts: { 'bike-d': 4, 'delivery-jia': 2 } })),
      mut('report', reportData({ counts: { 'bike-x': 1 } })),
    ])
    expect(a!.status).toBe('applied')
    expect(b!.status).toBe('rejected')
    await t.req('/api/patrol/operators', { method: 'PUT', cookie: admin, json: (await import('#domain/patrol/operators.ts')).DEFAULT_OPERATORS })
  })

  it('seeds about a hundred sightings around 九龙山站 over four weeks (eight at the demo agreement’s pavements), peaking at rush hours', async () => {
    const reports = await t.deps.db.selectFrom('patrol_reports').select(['observed_at']).where('reporter_id', '!=', '').execute()
    const obs = await t.deps.db.selectFrom('patrol_observations').select(['observed_at']).execute()
    const seeded = [...reports, ...obs].filter((r) => r.observed_at < '2026-12-02T00:00:00Z')
    expect(seeded.length).toBeGreaterThanOrEqual(55)
    const hours = seeded.map((r) => (new Date(r.observed_at).getUTCHours() + 8) % 24)
    const rush = hours.filter((h) => (h >= 7 && h < 10) || (h >= 17 && h < 20)).length
    expect(rush / seeded.length).toBeGreaterThan(0.7)
    const oldest = seeded.map((r) => r.observed_at).sort()[0]!
    expect(Date.parse('2026-12-02T02:00:00Z') - Date.parse(oldest)).toBeLessThanOrEqual(57 * 86_400_000)
    // Only the agreement's pavements (agreements/seed.ts) go back further than four weeks.
    const older = await t.deps.db
      .selectFrom('patrol_reports')
      .select('address')
      .where('observed_at', '<', new Date(Date.parse('2026-12-02T02:00:00Z') - 28 * 86_400_000).toISOString())
      .execute()
    expect(older.length).toBeGreaterThan(0)
    expect(older.every((r) => r.address.startsWith('外企大厦'))).toBe(true)
  })
})
