// The map tables of a large subdistrict are built in the background in short steps: a tile asked for
// meanwhile is told the map is being prepared (503, Retry-After, progress), sync pushes are not held
// up by the build, and what they write is in the tiles once it is done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { ProblemSchema } from '#domain/problem.ts'
import { MAP_PREPARING_TYPE, MapBuildProgress, MapTile, tileGridRange, tileOf, tileReportCount, toGrid } from '#domain/patrol/map-tiles.ts'
import { forgetMapState } from './tiles-build.ts'
import { CELL_LEVELS } from './tiles-fold.ts'
import { idsShown } from '../../../test-support/tile-reports.ts'

const SD = 'shuangjing'
/** Enough reports that the build takes many steps (at most 5 000 are built within the first tile request). */
const BULK = 40_000
const SPOT = { lat: 39.8986, lng: 116.4801 }
const OTHER = { lat: 39.8862, lng: 116.4561 }
/** A push may wait for one build step, never for the build. */
const PUSH_BOUND_MS = 2000

let t: TestApp
const log: string[] = []
let insp: string
let coord: string
beforeAll(async () => {
  t = await createTestApp({ log })
  ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
  // Bulk reports straight into the table (as an import or years of patrols would leave them).
  const reporter = (await t.deps.db.selectFrom('users').select('id').where('username', '=', 'inspector').executeTakeFirstOrThrow()).id
  let seed = 11
  const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  for (let start = 0; start < BULK; start += 500) {
    const rows = Array.from({ length: 500 }, (_, k) => ({
      subdistrict_id: SD,
      id: `${(start + k).toString(16).padStart(8, '0')}-0000-7000-8000-${Math.floor(rnd() * 1e12)
        .toString(16)
        .padStart(12, '0')}`,
      community_id: 'jiulongnan',
      reporter_id: reporter,
      lat: Math.round((39.884 + rnd() * 0.019) * 1e6) / 1e6,
      lng: Math.round((116.452 + rnd() * 0.03) * 1e6) / 1e6,
      accuracy_m: 8,
      position_source: 'gps',
      address: '批量测试',
      kind: ['shared_bike', 'delivery_ebike', 'private_ebike'][k % 3]!,
      counts: '{"bike-a":2}',
      blocked_share: 0.5,
      clear_width_m: 1,
      photos: '[]',
      note: '',
      observed_at: '2026-11-20T02:00:00.000Z',
      received_at: '2026-11-20T02:00:00.000Z',
      updated_at: '2026-11-20T02:00:00.000Z',
      status: 'open',
      version: 1,
    }))
    await t.deps.db.insertInto('patrol_reports').values(rows).execute()
  }
}, 300_000)
afterAll(() => t.close())

const report = (at: { lat: number; lng: number }) => ({
  position: { ...at, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '测试大厦北门人行道',
  kind: 'shared_bike',
  counts: { 'bike-a': 3 },
  blocked_share: 0.5,
  observed_at: '2026-12-02T01:58:00Z',
})
async function push(entity_id: string, data: Record<string, unknown>, base_version: number | null = null): Promise<number> {
  const m: Mutation = { id: uuidv7(), entity: 'report', entity_id, op: 'put', base_version, data, client_time: '2026-12-02T01:59:00Z' }
  const t0 = performance.now()
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-1', mutations: [m] } })
  const results = ((await res.json()) as PushResponse).results
  const ms = performance.now() - t0
  expect(results[0]!.status, JSON.stringify(results[0])).toBe('applied')
  return ms
}
const tileAt = (at: { lat: number; lng: number }, z: number) => tileOf(toGrid(at.lat, at.lng), z)
const tileReq = (z: number, x: number, y: number) => t.req(`/api/patrol/hotspots/tiles/${z}/${x}/${y}`, { cookie: coord })
/** The reports a zoom-18 tile shows: its points and its clusters' cells. */
const shown = (x: number, y: number) => idsShown((path) => t.req(path, { cookie: coord }), 18, x, y)
const phase = async () => (await t.deps.db.selectFrom('patrol_map_state').select('phase').where('subdistrict_id', '=', SD).executeTakeFirst())?.phase ?? 'none'

async function placedInside(z: number, x: number, y: number) {
  const [x0, y0, x1, y1] = tileGridRange(z, x, y)
  const rows = await t.deps.db.selectFrom('patrol_reports').select(['lat', 'lng']).where('subdistrict_id', '=', SD).where('needs_position', '=', 0).execute()
  return rows.filter((r) => {
    const [gx, gy] = toGrid(r.lat, r.lng)
    return gx >= x0 && gx <= x1 && gy >= y0 && gy <= y1
  }).length
}

describe('building the map tables', { timeout: 300_000 }, () => {
  it('a tile asked for during the build is told the map is being prepared; pushes meanwhile are not held up and are in the tiles after it', async () => {
    // A report placed before the rebuild, moved while it runs.
    const moved = uuidv7()
    await push(moved, report(OTHER))
    // Forget the built map (its rows stay: the build clears them first) as a fresh server would find it.
    await t.deps.db.deleteFrom('patrol_map_state').where('subdistrict_id', '=', SD).execute()
    forgetMapState(t.deps.db)

    const [x, y] = tileAt(SPOT, 14)
    const first = await tileReq(14, x, y)
    expect(first.status).toBe(503)
    expect(first.headers.get('content-type')).toContain('application/problem+json')
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(0)
    const problem = ProblemSchema.parse(await first.json())
    expect(problem.type).toBe(MAP_PREPARING_TYPE)
    expect(problem.detail).toContain('地图数据准备中')
    MapBuildProgress.parse(problem.map_build)

    // Pushes while the build runs: each within the bound, at least one while reports are still being copied in.
    const pushed: string[] = []
    const during: { ms: number; phase: string }[] = []
    await push(moved, report(SPOT), 1).then((ms) => during.push({ ms, phase: 'moved' }))
    while (during.length < 8) {
      const id = uuidv7()
      const ms = await push(id, report({ lat: SPOT.lat + pushed.length * 1e-5, lng: SPOT.lng }))
      pushed.push(id)
      during.push({ ms, phase: await phase() })
    }
    expect(during.filter((d) => d.phase === 'indexing').length, JSON.stringify(during)).toBeGreaterThan(0)
    for (const d of during) expect(d.ms, JSON.stringify(during)).toBeLessThan(PUSH_BOUND_MS)
    // Still being prepared, with progress.
    const again = await tileReq(14, x, y)
    if ((await phase()) !== 'ready') {
      expect(again.status).toBe(503)
      const p = MapBuildProgress.parse(ProblemSchema.parse(await again.json()).map_build)
      expect(p.total).toBeGreaterThanOrEqual(BULK)
    } else await again.body?.cancel()

    // Once built, the tiles hold every report, the ones pushed during the build included.
    let body: MapTile | null = null
    for (let i = 0; i < 600 && !body; i++) {
      const res = await tileReq(14, x, y)
      if (res.status === 200) body = MapTile.parse(await res.json())
      else {
        expect(res.status).toBe(503)
        await res.body?.cancel()
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    expect(
      body,
      `the build never finished: ${JSON.stringify(await t.deps.db.selectFrom('patrol_map_state').selectAll().execute())} ${log.filter((l) => l.includes('map_build')).join('\n')}`,
    ).not.toBeNull()
    expect(tileReportCount(body!)).toBe(await placedInside(14, x, y))
    const [x18, y18] = tileAt(SPOT, 18)
    const points = await shown(x18, y18)
    for (const id of [...pushed, moved]) expect(points).toContain(id)
    const [ox, oy] = tileAt(OTHER, 18)
    expect(await shown(ox, oy)).not.toContain(moved)
    const placed = await t.deps.db
      .selectFrom('patrol_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subdistrict_id', '=', SD)
      .where('needs_position', '=', 0)
      .executeTakeFirstOrThrow()
    for (const level of CELL_LEVELS) {
      const row = await t.deps.db
        .selectFrom('patrol_map_cells')
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .where('subdistrict_id', '=', SD)
        .where('level', '=', level)
        .executeTakeFirstOrThrow()
      expect(Number(row.n), `level ${level}`).toBe(Number(placed.n))
    }
    const indexed = await t.deps.db
      .selectFrom('patrol_map_index')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subdistrict_id', '=', SD)
      .executeTakeFirstOrThrow()
    expect(Number(indexed.n)).toBe(Number(placed.n))

    // Afterwards a push is folded in as before: its tiles change at once.
    const late = uuidv7()
    await push(late, report(SPOT))
    expect(await shown(x18, y18)).toContain(late)
  })
})
