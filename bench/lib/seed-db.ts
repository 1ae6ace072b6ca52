// The bench's own data: a fresh SQLite database in a temporary directory, migrated and demo-seeded like a
// real deployment, then 100 000 (or 1 000 000) reports spread over 双井街道 bulk-inserted: one prepared
// statement in large transactions, with the table's secondary indexes dropped during the load and built
// again after it (building an index once is much faster than keeping it up to date row by row).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { openDatabase } from '../../api/db/database.ts'
import { prepareDatabase } from '../../api/db/startup.ts'
import { MODULES } from '../../api/modules/index.ts'
import { DEMO_COMMUNITIES, DEMO_SUBDISTRICT } from '../../api/db/seed/reference.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import type { PatrolReportsTable } from '../../api/modules/patrol/tables.ts'

/** The subdistrict's extent (WGS-84), roughly: 广渠路 to 劲松, 东三环 to 西大望路 and a little beyond. */
export const EXTENT = { minLat: 39.884, maxLat: 39.903, minLng: 116.452, maxLng: 116.482 }
export const SD = DEMO_SUBDISTRICT.id
const OPERATORS = ['bike-a', 'bike-b', 'bike-c', 'delivery-jia', 'delivery-yi']

/** Deterministic PRNG (mulberry32): the same points every run. */
export function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A place name for a point: the recurring place it belongs to, or its ~100 m block (inspectors reuse names). */
export function placeName(p: { lat: number; lng: number; site?: number }): string {
  if (p.site !== undefined) return `基准测试地点 ${p.site}`
  return `基准测试街区 ${Math.floor((p.lat - EXTENT.minLat) / 0.0009)}-${Math.floor((p.lng - EXTENT.minLng) / 0.00117)}`
}

/**
 * Points as reports really fall: 70 % around 400 recurring places (metro exits, office doors, σ ≈ 25 m),
 * 30 % anywhere in the subdistrict.
 */
export function spreadPoints(n: number, seed = 42): { lat: number; lng: number; site?: number }[] {
  const r = rng(seed)
  const span = { lat: EXTENT.maxLat - EXTENT.minLat, lng: EXTENT.maxLng - EXTENT.minLng }
  const sites = Array.from({ length: 400 }, () => ({ lat: EXTENT.minLat + r() * span.lat, lng: EXTENT.minLng + r() * span.lng }))
  const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r())
  return Array.from({ length: n }, () => {
    if (r() < 0.3) return { lat: EXTENT.minLat + r() * span.lat, lng: EXTENT.minLng + r() * span.lng }
    const site = Math.floor(r() * sites.length)
    const s = sites[site]!
    return { lat: s.lat + gauss() * 0.000225, lng: s.lng + gauss() * 0.000293, site }
  })
}

export function nearestCommunity(p: { lat: number; lng: number }): string {
  let best = DEMO_COMMUNITIES[0]!
  let bestD = Infinity
  for (const c of DEMO_COMMUNITIES) {
    const d = (c.center_lat - p.lat) ** 2 + (c.center_lng - p.lng) ** 2
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best.id
}

export interface BenchDb {
  dir: string
  url: string
  seedMs: number
  count: number
}

const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0').slice(-width)

/**
 * A UUIDv7 for row `i` observed at `ms`: the timestamp, the row number (so ids never repeat) and the
 * bench's PRNG. crypto.getRandomValues per id (as uuidv7() does) costs more than the whole insert.
 */
function benchUuid(ms: number, i: number, r: () => number): string {
  const t = hex(ms, 12)
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(r() * 0x1000, 3)}-${hex(0x8000 + r() * 0x4000, 4)}-${hex(i, 6)}${hex(r() * 0x1000000, 6)}`
}

/**
 * Creates the database — SQLite in a temporary directory, or the PostgreSQL database `databaseUrl` names —
 * and bulk-inserts `count` reports: on SQLite with one prepared statement, 50 000 rows per transaction
 * and the indexes built after the load; on PostgreSQL 1 000 rows per INSERT.
 */
export async function createBenchDatabase(count: number, now = new Date(), databaseUrl?: string): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-'))
  const url = databaseUrl ?? join(dir, 'bench.db')
  const { db, dialect, close } = openDatabase(url)
  let reporters: { id: string }[]
  try {
    await prepareDatabase(db, dialect, MODULES, { demo: true, now })
    reporters = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('role', 'in', ['inspector', 'coordinator']).execute()
  } finally {
    if (dialect === 'sqlite') await close()
  }
  const r = rng(7)
  const points = spreadPoints(count)
  const t0 = performance.now()
  const windowMs = 28 * 86_400_000
  const row = (i: number): PatrolReportsTable => {
    const p = points[i]!
    const at = new Date(now.getTime() - 60_000 - r() * windowMs).toISOString()
    const op = OPERATORS[Math.floor(r() * OPERATORS.length)]!
    return {
      subdistrict_id: SD,
      id: benchUuid(Date.parse(at), i, r),
      community_id: nearestCommunity(p),
      reporter_id: reporters[i % reporters.length]!.id,
      lat: p.lat,
      lng: p.lng,
      accuracy_m: 5 + Math.round(r() * 20),
      position_source: 'gps',
      address: placeName(p),
      kind: REPORT_KINDS[i % 3]!,
      counts: JSON.stringify({ [op]: 1 + Math.floor(r() * 20) }),
      blocked_share: Math.round(r() * 3) / 3,
      clear_width_m: Math.round(r() * 30) / 10,
      photos: '[]',
      note: '',
      observed_at: at,
      received_at: at,
      updated_at: at,
      status: r() < 0.8 ? 'open' : 'closed',
      version: 1,
    }
  }
  if (dialect !== 'sqlite') {
    try {
      for (let start = 0; start < count; start += 1000) {
        const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => row(start + k))
        await db.insertInto('patrol_reports').values(rows).execute()
      }
    } finally {
      await close()
    }
    return { dir, url, seedMs: performance.now() - t0, count }
  }
  const sqlite = new SQLite(url)
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = OFF')
    const indexes = sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'patrol_reports' and sql is not null").all() as {
      name: string
      sql: string
    }[]
    for (const ix of indexes) sqlite.exec(`drop index ${ix.name}`)
    const columns = Object.keys(row(0)) as (keyof PatrolReportsTable)[]
    const insert = sqlite.prepare(`insert into patrol_reports (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
    const batch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const v = row(i)
        insert.run(columns.map((c) => v[c]))
      }
    })
    for (let start = 0; start < count; start += 50_000) batch(start, Math.min(count, start + 50_000))
    for (const ix of indexes) sqlite.exec(ix.sql)
    sqlite.pragma('optimize')
  } finally {
    sqlite.close()
  }
  return { dir, url, seedMs: performance.now() - t0, count }
}

export async function countReports(url: string): Promise<number> {
  const { db, close } = openDatabase(url)
  try {
    const row = await db
      .selectFrom('patrol_reports')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('subdistrict_id', '=', SD)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  } finally {
    await close()
  }
}

/**
 * Gives the database at `toUrl` (migrated and demo-seeded, e.g. by createBenchDatabase(0, …)) the
 * reports and hotspots of the one at `fromUrl` (the SQLite bench database after its hotspots step): a
 * PostgreSQL twin of the state the pushes meet, without folding 100 000 sightings again. Its own demo
 * reports stay (observations and tasks point at them), outside every hotspot.
 */
export async function copyReportsAndHotspots(fromUrl: string, toUrl: string): Promise<void> {
  const from = openDatabase(fromUrl)
  const to = openDatabase(toUrl, { poolMax: 1 })
  try {
    const hotspots = await from.db.selectFrom('patrol_hotspots').selectAll().where('subdistrict_id', '=', SD).execute()
    const reports = await from.db.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', SD).execute()
    await to.db.transaction().execute(async (tx) => {
      await tx.updateTable('patrol_reports').set({ hotspot_id: null }).where('subdistrict_id', '=', SD).execute()
      await tx.deleteFrom('patrol_hotspots').where('subdistrict_id', '=', SD).execute()
      for (let i = 0; i < hotspots.length; i += 500)
        await tx
          .insertInto('patrol_hotspots')
          .values(hotspots.slice(i, i + 500))
          .execute()
      for (let i = 0; i < reports.length; i += 1000)
        await tx
          .insertInto('patrol_reports')
          .values(reports.slice(i, i + 1000))
          .onConflict((oc) => oc.columns(['subdistrict_id', 'id']).doUpdateSet((eb) => ({ hotspot_id: eb.ref('excluded.hotspot_id') })))
          .execute()
    })
    await sql`analyze`.execute(to.db)
  } finally {
    await from.close()
    await to.close()
  }
}
