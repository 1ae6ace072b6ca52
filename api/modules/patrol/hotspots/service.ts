// Hotspot rows ↔ the pure Site model, and the incremental step: load the few sites near one sighting,
// fold it in with the domain rule, write back what changed. No rescan of the subdistrict, ever.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { boundingBox } from '#domain/geo.ts'
import { uuidv7 } from '#domain/ids.ts'
import { addSighting, HOTSPOT_RADIUS_M, type Sighting, type Site } from '#domain/patrol/hotspots.ts'
import type { PatrolHotspotsTable } from './tables.ts'
import { lockCounter } from '../../../sync/change-log.ts'

type Db = Kysely<DB> | Transaction<DB>

interface Aggregates {
  recent: string[]
  hours: number[]
  weeks: Record<string, number>
  operators: Record<string, Record<string, number>>
  kinds: Record<string, number>
  addresses: Record<string, number>
}

export function siteOf(row: PatrolHotspotsTable): Site {
  const a = JSON.parse(row.aggregates) as Aggregates
  return {
    id: row.id,
    lat: row.lat,
    lng: row.lng,
    community_id: row.community_id,
    landmark: row.landmark,
    report_count: row.report_count,
    sighting_count: row.sighting_count,
    first_at: row.first_at,
    last_at: row.last_at,
    score_log: Number(row.score_log),
    blocked_sum: Number(row.blocked_sum),
    blocked_n: row.blocked_n,
    vehicles_sum: row.vehicles_sum,
    vehicles_max: row.vehicles_max,
    formed: row.formed === 1,
    ...a,
  }
}

function columnsOf(s: Site) {
  const aggregates: Aggregates = { recent: s.recent, hours: s.hours, weeks: s.weeks, operators: s.operators, kinds: s.kinds, addresses: s.addresses }
  return {
    lat: s.lat,
    lng: s.lng,
    community_id: s.community_id,
    landmark: s.landmark,
    formed: s.formed ? 1 : 0,
    report_count: s.report_count,
    sighting_count: s.sighting_count,
    first_at: s.first_at,
    last_at: s.last_at,
    // -Infinity cannot be stored: an empty site (never happens after a sighting) scores the floor.
    score_log: Number.isFinite(s.score_log) ? s.score_log : -1e9,
    blocked_sum: s.blocked_sum,
    blocked_n: s.blocked_n,
    vehicles_sum: s.vehicles_sum,
    vehicles_max: s.vehicles_max,
    aggregates: JSON.stringify(aggregates),
  }
}

/** Sites whose centre lies within 2 × radius of a point: every site one sighting can join or merge with. */
async function sitesNear(db: Db, sd: string, at: { lat: number; lng: number }): Promise<PatrolHotspotsTable[]> {
  const box = boundingBox(at, 2 * HOTSPOT_RADIUS_M)
  return db
    .selectFrom('patrol_hotspots')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    .execute()
}

/**
 * Folds one sighting into the hotspots, inside the caller's transaction. Returns the site it landed in:
 * a new report is written with it as its hotspot_id. For an observation, `reportHotspot` is its report's
 * site (the report row's hotspot_id).
 */
export async function ingestSighting(tx: Db, sd: string, s: Sighting, at: Date, reportHotspot: string | null): Promise<string> {
  // Lock order: the subdistrict's counter row before any hotspot row, in every writer (a push took it
  // already; an Open311 POST takes it here), so two merges never wait on each other's rows.
  await lockCounter(tx, sd)
  const rows = await sitesNear(tx, sd, s)
  if (reportHotspot && !rows.some((r) => r.id === reportHotspot)) {
    const own = await tx.selectFrom('patrol_hotspots').selectAll().where('subdistrict_id', '=', sd).where('id', '=', reportHotspot).executeTakeFirst()
    if (own) rows.push(own)
  }
  const before = new Map(rows.map((r) => [r.id, r]))
  const sites = new Map(rows.map((r) => [r.id, siteOf(r)]))
  const result = addSighting(sites, s, s.is_report ? undefined : (reportHotspot ?? undefined), () => uuidv7(at.getTime()))
  const now = at.toISOString()
  const site = result.site
  const old = before.get(site.id)
  if (old) {
    await tx
      .updateTable('patrol_hotspots')
      .set({ ...columnsOf(site), updated_at: now, version: old.version + 1 })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', site.id)
      .execute()
  } else {
    await tx
      .insertInto('patrol_hotspots')
      .values({ subdistrict_id: sd, id: site.id, ...columnsOf(site), status: 'new', updated_at: now, version: 1 })
      .execute()
  }
  for (const gone of result.absorbed) {
    if (!before.has(gone)) continue
    await tx.updateTable('patrol_reports').set({ hotspot_id: site.id }).where('subdistrict_id', '=', sd).where('hotspot_id', '=', gone).execute()
    await tx
      .updateTable('patrol_review_events')
      .set({ target_id: site.id })
      .where('subdistrict_id', '=', sd)
      .where('target', '=', 'hotspot')
      .where('target_id', '=', gone)
      .execute()
    await tx.deleteFrom('patrol_hotspots').where('subdistrict_id', '=', sd).where('id', '=', gone).execute()
  }
  return site.id
}
