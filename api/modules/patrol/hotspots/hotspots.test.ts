import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PullResponse, PushResponse } from '#domain/sync.ts'
import { tileOf, toGrid } from '#domain/patrol/map-tiles.ts'
import { recomputeHotspots } from './sightings.ts'
import { idsShown } from '../../../test-support/tile-reports.ts'

let t: TestApp
let insp: string
let insp2: string
let coord: string
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, insp2, coord, admin] = [await t.login('inspector'), await t.login('inspector2'), await t.login('coordinator'), await t.login('admin')]
})
afterAll(() => t.close())

// A pavement well away from the seeded places, so the hotspot it forms is this test's own.
const SPOT = { lat: 39.8986, lng: 116.4801 }
const report = (observed_at: string, over: Record<string, unknown> = {}) => ({
  position: { ...SPOT, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '测试大厦北门人行道',
  kind: 'shared_bike',
  counts: { 'bike-a': 21, 'bike-b': 4 },
  blocked_share: 2 / 3,
  observed_at,
  ...over,
})
const mut = (entity: string, data: Record<string, unknown>, entity_id = uuidv7()): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id,
  op: 'put',
  base_version: null,
  data,
  client_time: '2026-12-02T01:59:00Z',
})
const push = async (mutations: Mutation[], cookie = insp) => {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-1', mutations } })
  expect(res.status).toBe(200)
  const results = ((await res.json()) as PushResponse).results
  for (const r of results) expect(r.status, JSON.stringify(r)).toBe('applied')
  return results
}
const get = async (path: string, cookie = coord) => {
  const res = await t.req(path, { cookie })
  return { status: res.status, body: (await res.json()) as any }
}
/** The reports the coordinator's map shows (zoom-18 tiles: points and cell lists) where this file's reports lie, under a filter. */
async function mapIds(q = ''): Promise<string[]> {
  const tiles = new Set([SPOT, { ...SPOT, lat: SPOT.lat + 0.0001 }].map((at) => tileOf(toGrid(at.lat, at.lng), 18).join('/')))
  const ids: string[] = []
  for (const k of tiles) {
    const [x, y] = k.split('/').map(Number) as [number, number]
    ids.push(...(await idsShown((path) => t.req(path, { cookie: coord }), 18, x, y, q)))
  }
  return ids.sort()
}
const post = async (path: string, json: unknown, cookie = coord) => {
  const res = await t.req(path, { method: 'POST', cookie, json })
  return { status: res.status, body: (await res.json()) as any }
}

describe('hotspots from the demo seed', () => {
  it('ranks the metro-exit pavements first, each with a landmark, profile and trend', async () => {
    const { status, body } = await get('/api/patrol/hotspots')
    expect(status).toBe(200)
    expect(body.items.length).toBeGreaterThanOrEqual(5)
    const scores = body.items.map((h: any) => h.score)
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores)
    const top = body.items[0]
    expect(top.landmark).toMatch(/外企大厦|九龙山站/)
    expect(top.trend.length).toBeGreaterThan(1)
    const detail = await get(`/api/patrol/hotspots/${top.id}`)
    expect(detail.body.hours).toHaveLength(168)
    // Seeded sightings are at rush hour, Beijing time: no sightings at 03:00.
    expect(detail.body.hours.filter((_: number, i: number) => i % 24 === 3).every((n: number) => n === 0)).toBe(true)
    expect(detail.body.reports.length).toBe(top.report_count)
    expect(Object.keys(detail.body.operators).length).toBeGreaterThan(0)
  })

  it('matches the full recompute: same sites, same sightings per site', async () => {
    const full = await recomputeHotspots(t.deps.db, 'shuangjing')
    const stored = await t.deps.db.selectFrom('patrol_hotspots').select(['sighting_count', 'formed']).where('subdistrict_id', '=', 'shuangjing').execute()
    const key = (xs: { sighting_count: number; formed: boolean | number }[]) => xs.map((x) => `${x.sighting_count}:${Number(x.formed)}`).sort()
    expect(key(stored)).toEqual(key([...full.sites.values()]))
  })

  it('a one-off place is not a hotspot (the seeded single debris report)', async () => {
    const { body } = await get('/api/patrol/hotspots?kind=debris')
    expect(body.items).toEqual([])
  })
})

describe('incremental hotspots and the workflow', () => {
  let reportIds: string[] = []
  let hotspotId = ''

  it('forms a hotspot as sightings arrive, not before', async () => {
    const a = uuidv7()
    await push([mut('report', report('2026-11-30T00:20:00Z'), a)])
    const before = (await get('/api/patrol/hotspots?community=jiulongnan&from=2026-11-30&to=2026-11-30')).body.items
    expect(before.filter((h: any) => h.landmark === '测试大厦北门人行道')).toEqual([])
    const b = uuidv7()
    await push([mut('report', report('2026-12-01T00:25:00Z', { position: { lat: SPOT.lat + 0.0001, lng: SPOT.lng, accuracy_m: 5, source: 'gps' } }), b)])
    await push([
      mut('observation', {
        position: { ...SPOT, accuracy_m: 5, source: 'gps' },
        report_id: a,
        counts: { 'bike-a': 30 },
        blocked_share: 1,
        observed_at: '2026-12-01T10:00:00Z',
      }),
    ])
    const { body } = await get('/api/patrol/hotspots?from=2026-11-30&to=2026-12-01')
    const mine = body.items.find((h: any) => h.landmark === '测试大厦北门人行道')
    expect(mine).toMatchObject({ report_count: 2, sighting_count: 3, status: 'new', matching: 2 })
    reportIds = [a, b]
    hotspotId = mine.id
  })

  it('filters the map by kind, operator and dates', async () => {
    expect(await mapIds()).toEqual([...reportIds].sort())
    expect(await mapIds('kind=car')).toEqual([])
    expect(await mapIds('operator=bike-b')).toHaveLength(2)
    expect(await mapIds('operator=bike-c')).toHaveLength(0)
    // Dates are Beijing days; a report counts on the days it or a repeat sighting of it was observed.
    expect(await mapIds('to=2026-11-30')).toEqual([reportIds[0]])
    expect(await mapIds('from=2026-12-01')).toHaveLength(2)
    expect(await mapIds('from=2026-12-02')).toHaveLength(0)
  })

  it('rejects bad filters with problem+json naming the field', async () => {
    for (const [q, path] of [
      ['from=2026-12-05&to=2026-12-01', 'from'],
      ['from=2026-13-01', 'from'],
      ['kind=tank', 'kind.0'],
    ] as const) {
      const res = await t.req(`/api/patrol/hotspots/summary?${q}`, { cookie: coord })
      expect(res.status, q).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
      expect(((await res.json()) as any).errors[0].path).toBe(`query.${path}`)
    }
  })

  it('lets the office change statuses, never an inspector; notes required for duplicate and not_ours', async () => {
    expect((await post(`/api/patrol/hotspots/${hotspotId}/status`, { status: 'negotiating', note: '约谈物业' }, insp)).status).toBe(403)
    expect((await post(`/api/patrol/review/reports/${reportIds[0]}/status`, { status: 'notified' }, insp)).status).toBe(403)
    const h = await post(`/api/patrol/hotspots/${hotspotId}/status`, { status: 'negotiating', note: '约谈物业和运营方' })
    expect(h.status).toBe(200)
    expect(h.body.status).toBe('negotiating')
    expect(h.body.events[0]).toMatchObject({ from_status: 'new', to_status: 'negotiating', note: '约谈物业和运营方', actor_name: expect.any(String) })
    const bad = await post(`/api/patrol/review/reports/${reportIds[0]}/status`, { status: 'not_ours' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('note')
    expect((await post(`/api/patrol/review/reports/${reportIds[0]}/status`, { status: 'in_progress' }, admin)).status).toBe(200)
    expect(await mapIds('status=in_progress')).toEqual([reportIds[0]])
  })

  it('sends the reporter every status change with the coordinator note, through pull (for My patrol offline)', async () => {
    const id = reportIds[0]!
    const before = (await get(`/api/patrol/reports/${id}`)).body.report.version as number
    expect((await post(`/api/patrol/review/reports/${id}/status`, { status: 'notified', note: '已通知物业，周五前清理' })).status).toBe(200)
    const changes = ((await get('/api/sync/pull?since=0&limit=1000', insp)).body as PullResponse).changes.filter((c) => c.entity_id === id)
    expect(changes.at(-1)).toMatchObject({
      entity: 'report',
      version: before + 1,
      record: { status: 'open', workflow_status: 'notified', review_note: '已通知物业，周五前清理' },
    })
    expect((await get(`/api/patrol/reports/${id}`)).body.report).toMatchObject({ workflow_status: 'notified', review_note: '已通知物业，周五前清理' })
  })

  it('merges a duplicate: its sightings move, it is closed as duplicate and devices hear of it', async () => {
    const dup = reportIds[1]!
    const target = reportIds[0]!
    const obs = uuidv7()
    await push([
      mut(
        'observation',
        { position: { ...SPOT, accuracy_m: 5, source: 'gps' }, report_id: dup, counts: { 'bike-a': 3 }, observed_at: '2026-12-01T11:00:00Z' },
        obs,
      ),
    ])
    expect((await post(`/api/patrol/review/reports/${target}/merge`, { duplicate_ids: [target] })).status).toBe(400)
    expect((await post(`/api/patrol/review/reports/${target}/merge`, { duplicate_ids: [dup], note: '同一地点' })).status).toBe(200)
    const one = await get(`/api/patrol/reports/${target}`)
    expect(one.body.observations.map((o: any) => o.id)).toContain(obs)
    const gone = await get(`/api/patrol/reports/${dup}`)
    expect(gone.body.report.status).toBe('closed')
    expect(await mapIds('status=duplicate')).toEqual([dup])
  })

  it('assigns a re-check that only its inspector pulls, and their sighting closes it', async () => {
    const target = reportIds[0]!
    const users = await get('/api/patrol/review/inspectors')
    const inspector = users.body.find((u: any) => u.community_ids.includes('jiulongnan'))
    const other = users.body.find((u: any) => !u.community_ids.includes('jiulongnan'))
    expect((await post('/api/patrol/review/rechecks', { report_id: target, assignee_id: other.id, due_at: '2026-12-03T00:00:00Z' })).status).toBe(422)
    expect((await post('/api/patrol/review/rechecks', { report_id: target, assignee_id: inspector.id, due_at: '2026-12-03T00:00:00Z' }, insp)).status).toBe(403)
    const made = await post('/api/patrol/review/rechecks', {
      report_id: target,
      assignee_id: inspector.id,
      due_at: '2026-12-03T00:00:00Z',
      note: '明早 8 点复查',
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ status: 'open', assignee_id: inspector.id, address: '测试大厦北门人行道' })
    const pulled = async (cookie: string) =>
      ((await get('/api/sync/pull?since=0&limit=1000', cookie)).body as PullResponse).changes.filter((c) => c.entity === 'recheck')
    expect((await pulled(insp)).map((c) => c.entity_id)).toEqual([made.body.id])
    expect(await pulled(insp2)).toEqual([])
    await push([
      mut('observation', {
        position: { ...SPOT, accuracy_m: 5, source: 'gps' },
        report_id: target,
        counts: {},
        blocked_share: 0,
        observed_at: '2026-12-02T00:05:00Z',
      }),
    ])
    const after = await pulled(insp)
    expect(after.at(-1)!.record).toMatchObject({ status: 'done', done_observation_id: expect.any(String) })
  })
})
