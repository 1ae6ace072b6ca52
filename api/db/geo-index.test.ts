// Viewport and "nearby" queries must stay index lookups as reports pile up, on SQLite and PostgreSQL
// alike (no PostGIS here: a plain B-tree on (subdistrict_id, lat, lng) with a bounding-box filter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery, sql, type Kysely } from 'kysely'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { openDatabase, type Database } from './database.ts'
import type { DB } from './schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { boundingBox } from '#domain/geo.ts'
import { nearbyReports } from '../modules/patrol/reports/queries.ts'
import type { SessionUser } from '../http/context.ts'
import { queryPlan } from '../test-support/query-plan.ts'

const N = 20_000
const COMMUNITIES = ['jiulongshan', 'maoxing', 'jiulongnan', 'guangquan']
const SPOT = { lat: 39.8986, lng: 116.4801 }

let t: TestApp
let logged: Database
const captured: CompiledQuery[] = []

const plan = (db: Kysely<DB>, q: CompiledQuery) => queryPlan(db, t.deps.dialect, q)

beforeAll(async () => {
  t = await createTestApp()
  const { db } = t.deps
  const reporter = await db.selectFrom('users').select('id').where('username', '=', 'inspector').executeTakeFirstOrThrow()
  // A city-sized spread: reports over ~40 × 40 km, so a 50 m box is a tiny fraction of them.
  let seed = 42
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const rows = Array.from({ length: N }, (_, i) => {
    const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()
    return {
      subdistrict_id: 'shuangjing',
      id: uuidv7(),
      community_id: COMMUNITIES[i % 4]!,
      reporter_id: reporter.id,
      lat: 39.7 + rnd() * 0.4,
      lng: 116.2 + rnd() * 0.5,
      accuracy_m: 8,
      position_source: 'gps',
      address: '',
      kind: 'shared_bike',
      counts: '{}',
      blocked_share: null,
      clear_width_m: null,
      photos: '[]',
      note: '',
      observed_at: at,
      received_at: at,
      updated_at: at,
      status: i % 3 === 0 ? 'closed' : 'open',
      version: 1,
    }
  })
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('patrol_reports')
      .values(rows.slice(i, i + 500))
      .execute()
  const sites = rows.slice(0, N / 2).map((r, i) => ({
    subdistrict_id: 'shuangjing',
    id: uuidv7(),
    lat: r.lat,
    lng: r.lng,
    community_id: r.community_id,
    landmark: '',
    formed: i % 2,
    status: 'open',
    report_count: 1,
    sighting_count: 1,
    first_at: r.observed_at,
    last_at: r.observed_at,
    score_log: 0,
    blocked_sum: 0,
    blocked_n: 0,
    vehicles_sum: 0,
    vehicles_max: 0,
    aggregates: '{}',
    updated_at: r.observed_at,
    version: 1,
  }))
  for (let i = 0; i < sites.length; i += 500)
    await db
      .insertInto('patrol_hotspots')
      .values(sites.slice(i, i + 500))
      .execute()
  await sql`analyze`.execute(db)
  // A second handle on the same database that records the SQL the service really sends.
  logged = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 1, log: (e) => void (e.level === 'query' && captured.push(e.query)) })
}, 120_000)

afterAll(async () => {
  await logged?.close()
  await t?.close()
})

const user = (role: 'inspector' | 'coordinator', community_ids: string[]): SessionUser => ({
  id: 'u',
  username: role,
  display_name: role,
  role,
  subdistrict_id: 'shuangjing',
  community_ids,
  session_id: 's',
  session_expires_at: '2099-01-01T00:00:00Z',
})

describe(`bounding-box queries over ${N} reports use the (subdistrict_id, lat, lng) indexes`, () => {
  it('a map viewport (1 km box)', async () => {
    const box = boundingBox(SPOT, 500)
    const q = t.deps.db
      .selectFrom('patrol_reports')
      .select(['id', 'lat', 'lng', 'status'])
      .where('subdistrict_id', '=', 'shuangjing')
      .where('lat', '>=', box.minLat)
      .where('lat', '<=', box.maxLat)
      .where('lng', '>=', box.minLng)
      .where('lng', '<=', box.maxLng)
      .compile()
    const p = await plan(t.deps.db, q)
    // (subdistrict_id, lat, lng) is the reports' one index on position.
    expect(p).toMatch(/patrol_reports_latlng_idx/)
    if (t.deps.dialect === 'sqlite')
      expect(p).toMatch(/SEARCH patrol_reports USING (COVERING )?INDEX patrol_reports_latlng_idx \(subdistrict_id=\? AND lat>\? AND lat<\?\)/)
    else expect(p).toMatch(/Index Cond: \(\(subdistrict_id = .*lat >= .*lat <= .*lng >= .*lng <= /s)
    expect(p).not.toMatch(/SCAN patrol_reports\b(?! USING)|Seq Scan on patrol_reports/)
  })

  it(`the hotspot lookup around a new sighting (${N / 2} sites)`, async () => {
    // Same shape as the incremental hotspot step (modules/patrol/hotspots/service.ts): sites within 2 radii.
    const box = boundingBox(SPOT, 100)
    const q = t.deps.db
      .selectFrom('patrol_hotspots')
      .selectAll()
      .where('subdistrict_id', '=', 'shuangjing')
      .where('lat', '>=', box.minLat)
      .where('lat', '<=', box.maxLat)
      .where('lng', '>=', box.minLng)
      .where('lng', '<=', box.maxLng)
      .compile()
    const p = await plan(t.deps.db, q)
    expect(p).toContain('patrol_hotspots_latlng_idx')
    expect(p).not.toMatch(/SCAN patrol_hotspots\b(?! USING)|Seq Scan on patrol_hotspots/)
  })

  it.each([
    ['coordinator', user('coordinator', [])],
    ['inspector (two communities)', user('inspector', ['jiulongnan', 'jiulongshan'])],
  ])('the service query behind /api/patrol/reports/nearby, as %s', async (_, u) => {
    captured.length = 0
    await nearbyReports(logged.db, u, SPOT, 50)
    const q = captured.find((c) => c.sql.includes('"patrol_reports"'))!
    expect(q).toBeDefined()
    const p = await plan(t.deps.db, q)
    expect(p).toMatch(/patrol_reports_latlng_idx/)
    expect(p).not.toMatch(/SCAN r\b(?! USING)|Seq Scan on patrol_reports/)
  })
})

describe('the reports table keeps one index on position', () => {
  it('only patrol_reports_latlng_idx starts with (subdistrict_id, lat): a second one would cost each new report another random leaf page', async () => {
    const db = t.deps.db
    const names =
      t.deps.dialect === 'sqlite'
        ? (
            await sql<{ name: string }>`select il.name from pragma_index_list('patrol_reports') il
              where (select group_concat(name, ',') from (select name from pragma_index_info(il.name) where seqno < 2 order by seqno)) = 'subdistrict_id,lat'`.execute(
              db,
            )
          ).rows.map((r) => r.name)
        : (
            await sql<{ name: string }>`select indexname as name from pg_indexes
              where tablename = 'patrol_reports' and indexdef like '%(subdistrict_id, lat,%'`.execute(db)
          ).rows.map((r) => r.name)
    expect(names).toEqual(['patrol_reports_latlng_idx'])
  })
})
