// Map tiles: what a tile says matches the reports inside it, and the change log changes exactly the
// tiles a report is (or was) in, at every zoom, under every filter, and no others.
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import { MapTile, TILE_MAX_ZOOM, tileGridRange, tileOf, tileReportCount, toGrid } from '#domain/patrol/map-tiles.ts'
import { CELL_LEVELS } from './tiles-fold.ts'
import { filteredReports } from './filter.ts'
import { cachedTileAnswers } from './tiles.ts'
import { idsShown } from '../../../test-support/tile-reports.ts'

let t: TestApp
let insp: string
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
})
afterAll(() => t.close())

const SD = 'shuangjing'
// Two pavements well away from the seeded places and from each other (different tiles from zoom 13 up).
const SPOT = { lat: 39.8986, lng: 116.4801 }
const OTHER = { lat: 39.8862, lng: 116.4561 }
const report = (at: { lat: number; lng: number }, over: Record<string, unknown> = {}) => ({
  position: { ...at, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '测试大厦北门人行道',
  kind: 'shared_bike',
  counts: { 'bike-a': 3 },
  blocked_share: 0.5,
  observed_at: '2026-12-02T01:58:00Z',
  ...over,
})
const push = async (entity_id: string, data: Record<string, unknown>, base_version: number | null = null) => {
  const m: Mutation = { id: uuidv7(), entity: 'report', entity_id, op: 'put', base_version, data, client_time: '2026-12-02T01:59:00Z' }
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-1', mutations: [m] } })
  const results = ((await res.json()) as PushResponse).results
  expect(results[0]!.status, JSON.stringify(results[0])).toBe('applied')
}

const tilePath = (z: number, x: number, y: number, q = '') => `/api/patrol/hotspots/tiles/${z}/${x}/${y}${q ? `?${q}` : ''}`
async function tile(z: number, x: number, y: number, q = '', etag?: string) {
  const res = await t.req(tilePath(z, x, y, q), { cookie: coord, headers: etag ? { 'if-none-match': etag } : {} })
  return {
    status: res.status,
    etag: res.headers.get('etag') ?? '',
    cache: res.headers.get('cache-control'),
    body: res.status === 200 ? MapTile.parse(await res.json()) : null,
  }
}

/** The tiles around both spots at every zoom: each spot's own tile and its eight neighbours. */
function watched(): string[] {
  const out = new Set<string>()
  for (const at of [SPOT, OTHER]) {
    const g = toGrid(at.lat, at.lng)
    for (let z = 0; z <= TILE_MAX_ZOOM; z++) {
      const [x, y] = tileOf(g, z)
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++) if (x + dx >= 0 && y + dy >= 0 && x + dx < 2 ** z && y + dy < 2 ** z) out.add(`${z}/${x + dx}/${y + dy}`)
    }
  }
  return [...out]
}
const containing = (at: { lat: number; lng: number }) => {
  const g = toGrid(at.lat, at.lng)
  return Array.from({ length: TILE_MAX_ZOOM + 1 }, (_, z) => `${z}/${tileOf(g, z).join('/')}`)
}
async function etags(keys: string[], q = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (let i = 0; i < keys.length; i += 16)
    await Promise.all(
      keys.slice(i, i + 16).map(async (k) => {
        const [z, x, y] = k.split('/').map(Number) as [number, number, number]
        out.set(k, (await tile(z, x, y, q)).etag)
      }),
    )
  return out
}
/** The reports a zoom-18 tile shows: its points and its clusters' cells. */
const shown = (x: number, y: number, q = '') => idsShown((path) => t.req(path, { cookie: coord }), 18, x, y, q)
const changed = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((k) => a.get(k) !== b.get(k)).sort()

/** Placed reports inside a tile, counted from the reports table itself. */
async function reportsInside(z: number, x: number, y: number, kind?: string) {
  const [x0, y0, x1, y1] = tileGridRange(z, x, y)
  let q = t.deps.db.selectFrom('patrol_reports').select(['lat', 'lng']).where('subdistrict_id', '=', SD).where('needs_position', '=', 0)
  if (kind) q = q.where('kind', '=', kind)
  return (await q.execute()).filter((r) => {
    const [gx, gy] = toGrid(r.lat, r.lng)
    return gx >= x0 && gx <= x1 && gy >= y0 && gy <= y1
  }).length
}

describe('map tiles', { timeout: 120_000 }, () => {
  it('answers a tile with a strong ETag, private caching and a 304 for the same version', async () => {
    const [x, y] = tileOf(toGrid(SPOT.lat, SPOT.lng), 14)
    const first = await tile(14, x, y)
    expect(first.status).toBe(200)
    expect(first.etag).toMatch(/^"[^"]+"$/)
    expect(first.cache).toBe('private, no-cache')
    const again = await tile(14, x, y, '', first.etag)
    expect(again.status).toBe(304)
    expect((await tile(14, x, y, '', `W/${first.etag}`)).status).toBe(304)
    expect((await tile(14, x, y, '', '"something-else"')).status).toBe(200)
    // Compressed once per version, with its own strong tag (the bytes differ), still answered 304.
    const gz = await t.req(tilePath(14, x, y), { cookie: coord, headers: { 'accept-encoding': 'gzip, br' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const gzTag = gz.headers.get('etag')!
    expect(gzTag).toMatch(/^"[^"]+-gz"$/)
    expect(MapTile.parse(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()))).toEqual(first.body)
    const gz304 = await t.req(tilePath(14, x, y), { cookie: coord, headers: { 'accept-encoding': 'gzip', 'if-none-match': gzTag } })
    expect(gz304.status).toBe(304)
  })

  it('refuses a zoom or tile number out of range with a field message', async () => {
    const bad = await t.req(tilePath(19, 0, 0), { cookie: coord })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('0–18')
    expect((await t.req(tilePath(3, 8, 0), { cookie: coord })).status).toBe(400)
    expect((await t.req(tilePath(3, 1, 1))).status).toBe(401)
    expect((await t.req(tilePath(3, 1, 1), { cookie: insp })).status).toBe(403)
  })

  it('sums of cluster counts and points equal the reports inside each tile, at every zoom and under filters', { timeout: 400_000 }, async () => {
    // 150 more reports, folded in from the change log: most around three pavements, some anywhere.
    let seed = 7
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const centres = [SPOT, OTHER, { lat: 39.8921, lng: 116.4702 }]
    const kinds = ['shared_bike', 'delivery_ebike', 'private_ebike']
    for (let batch = 0; batch < 3; batch++) {
      const mutations: Mutation[] = Array.from({ length: 50 }, (_, i) => {
        const c = centres[i % 3]!
        const at =
          i % 5 === 0
            ? { lat: 39.886 + rnd() * 0.013, lng: 116.456 + rnd() * 0.023 }
            : { lat: c.lat + (rnd() - 0.5) * 0.0008, lng: c.lng + (rnd() - 0.5) * 0.001 }
        const data = report({ lat: Math.round(at.lat * 1e6) / 1e6, lng: Math.round(at.lng * 1e6) / 1e6 }, { kind: kinds[i % 3] })
        return { id: uuidv7(), entity: 'report', entity_id: uuidv7(), op: 'put', base_version: null, data, client_time: '2026-12-02T01:59:00Z' }
      })
      const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-1', mutations } })
      for (const r of ((await res.json()) as PushResponse).results) expect(r.status, JSON.stringify(r)).toBe('applied')
    }
    const all = await t.deps.db.selectFrom('patrol_reports').select(['lat', 'lng']).where('subdistrict_id', '=', SD).where('needs_position', '=', 0).execute()
    expect(all.length).toBeGreaterThan(150)
    let clusters = 0
    for (const z of [5, 9, 10, 12, 14, 15, 16, 17, 18]) {
      const keys = new Set(all.map((r) => tileOf(toGrid(r.lat, r.lng), z).join('/')))
      let total = 0
      for (const k of keys) {
        const [x, y] = k.split('/').map(Number) as [number, number]
        const body = (await tile(z, x, y)).body!
        expect(tileReportCount(body), `${z}/${k}`).toBe(await reportsInside(z, x, y))
        for (const p of body.points) expect(tileOf(toGrid(p[1], p[2]), z).join('/')).toBe(k)
        total += tileReportCount(body)
        clusters += body.clusters.length
        const kind = 'shared_bike'
        const filtered = (await tile(z, x, y, `kind=${kind}`)).body!
        expect(tileReportCount(filtered), `${z}/${k} kind`).toBe(await reportsInside(z, x, y, kind))
        expect(filtered.points.every((p) => REPORT_KINDS[p[3]] === kind)).toBe(true)
        // Operator and date filters are answered from the reports: the same totals as the points endpoint.
        const dated = (await tile(z, x, y, 'from=2020-01-01&operator=bike-a')).body!
        expect(tileReportCount(dated)).toBeLessThanOrEqual(tileReportCount(body))
      }
      expect(total, `zoom ${z}`).toBe(all.length)
    }
    expect(clusters).toBeGreaterThan(10)
    // Cell levels hold the same totals at every level.
    for (const level of CELL_LEVELS) {
      const row = await t.deps.db
        .selectFrom('patrol_map_cells')
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .where('subdistrict_id', '=', SD)
        .where('level', '=', level)
        .executeTakeFirstOrThrow()
      expect(Number(row.n)).toBe(all.length)
    }
  })

  it('tiles under an operator filter count the reports the filter selects', async () => {
    const z = 12
    const all = await t.deps.db.selectFrom('patrol_reports').select(['lat', 'lng']).where('subdistrict_id', '=', SD).where('needs_position', '=', 0).execute()
    const keys = new Set(all.map((r) => tileOf(toGrid(r.lat, r.lng), z).join('/')))
    let total = 0
    for (const k of keys) {
      const [x, y] = k.split('/').map(Number) as [number, number]
      total += tileReportCount((await tile(z, x, y, 'operator=bike-b')).body!)
    }
    const selected = await filteredReports(t.deps.db, SD, { operator: ['bike-b'] })
      .select('r.id')
      .execute()
    expect(selected.length).toBeGreaterThan(0)
    expect(total).toBe(selected.length)
  })

  it('a new report changes exactly the tiles that contain it, at every zoom, under every filter', async () => {
    const keys = watched()
    const before = await etags(keys)
    const beforeKind = await etags(keys, 'kind=delivery_ebike')
    const id = uuidv7()
    await push(id, report(SPOT))
    const after = await etags(keys)
    expect(changed(before, after)).toEqual(containing(SPOT).sort())
    // A filter the report does not match still sees a new version of its tiles (never an old answer).
    const afterKind = await etags(keys, 'kind=delivery_ebike')
    expect(changed(beforeKind, afterKind)).toEqual(containing(SPOT).sort())
    // The old ETag of a changed tile is no longer answered 304; an unchanged neighbour's still is.
    const [z, x, y] = containing(SPOT)[16]!.split('/').map(Number) as [number, number, number]
    expect((await tile(z, x, y, '', before.get(`${z}/${x}/${y}`))).status).toBe(200)
    const neighbour = `${z}/${x + 1}/${y}`
    expect((await tile(z, x + 1, y, '', before.get(neighbour))).status).toBe(304)
    // The new report is in its zoom-18 tile as a point.
    const [, x18, y18] = containing(SPOT)[18]!.split('/').map(Number) as [number, number, number]
    expect(await shown(x18, y18)).toContain(id)
  })

  it('an edited report changes its tiles; a moved one changes its old and its new tiles, and no others', async () => {
    const keys = watched()
    const id = uuidv7()
    await push(id, report(SPOT))
    const placed = await etags(keys)
    await push(id, report(SPOT, { kind: 'delivery_ebike' }), 1)
    const edited = await etags(keys)
    expect(changed(placed, edited)).toEqual(containing(SPOT).sort())
    const [, x18, y18] = containing(SPOT)[18]!.split('/').map(Number) as [number, number, number]
    const point = (await tile(18, x18, y18, 'kind=delivery_ebike')).body!.points.find((p) => p[0] === id)
    expect(REPORT_KINDS[point![3]]).toBe('delivery_ebike')
    expect(await shown(x18, y18, 'kind=shared_bike')).not.toContain(id)

    await push(id, report(OTHER, { kind: 'delivery_ebike' }), 2)
    const moved = await etags(keys)
    expect(changed(edited, moved)).toEqual([...new Set([...containing(SPOT), ...containing(OTHER)])].sort())
    expect(await shown(x18, y18)).not.toContain(id)
    const [, ox, oy] = containing(OTHER)[18]!.split('/').map(Number) as [number, number, number]
    expect(await shown(ox, oy)).toContain(id)
  })

  it('a status change over REST changes the tiles of that report only', async () => {
    const keys = watched()
    const id = uuidv7()
    await push(id, report(OTHER))
    const before = await etags(keys, 'status=open')
    const res = await t.req(`/api/patrol/review/reports/${id}/status`, { method: 'POST', cookie: coord, json: { status: 'resolved', note: '已清理' } })
    expect(res.status).toBe(200)
    const after = await etags(keys, 'status=open')
    expect(changed(before, after)).toEqual(containing(OTHER).sort())
    const [, x, y] = containing(OTHER)[18]!.split('/').map(Number) as [number, number, number]
    expect(await shown(x, y, 'status=open')).not.toContain(id)
    expect(await shown(x, y, 'status=resolved')).toContain(id)
  })

  it('a filter change does not leak: each filter has its own ETag and body', async () => {
    const [x, y] = tileOf(toGrid(SPOT.lat, SPOT.lng), 18)
    const bikes = await tile(18, x, y, 'kind=shared_bike')
    const ebikes = await tile(18, x, y, 'kind=delivery_ebike')
    expect(bikes.etag).not.toBe(ebikes.etag)
    // The ETag of one filter does not validate another filter's answer.
    expect((await tile(18, x, y, 'kind=delivery_ebike', bikes.etag)).status).toBe(200)
    expect(bikes.body!.points.every((p) => REPORT_KINDS[p[3]] === 'shared_bike')).toBe(true)
    expect(ebikes.body!.points.every((p) => REPORT_KINDS[p[3]] === 'delivery_ebike')).toBe(true)
    // The same filter in another order is the same resource.
    const ab = await tile(18, x, y, 'kind=shared_bike,delivery_ebike')
    const ba = await tile(18, x, y, 'kind=delivery_ebike,shared_bike')
    expect(ab.etag).toBe(ba.etag)
    expect(tileReportCount(ab.body!)).toBe(tileReportCount(bikes.body!) + tileReportCount(ebikes.body!))
  })

  it('keeps one answer per tile and filter: a new version replaces the old one', async () => {
    const [x, y] = tileOf(toGrid(SPOT.lat, SPOT.lng), 18)
    const first = await tile(18, x, y)
    const kept = cachedTileAnswers(t.deps.db)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const id = uuidv7()
      ids.push(id)
      await push(id, report({ lat: SPOT.lat + i * 1e-6, lng: SPOT.lng }))
      const next = await tile(18, x, y)
      expect(next.etag).not.toBe(first.etag)
      expect(next.body!.points.map((p) => p[0])).toEqual(expect.arrayContaining(ids))
    }
    expect(cachedTileAnswers(t.deps.db)).toBe(kept)
    // The old version's ETag is answered with the new body, not a 304.
    expect((await tile(18, x, y, '', first.etag)).status).toBe(200)
  })
})
