// Hotspot rows ↔ the pure Site model, and the incremental step: load the few sites near one sighting,
// fold it in with the domain rule, write back what changed. No rescan of the subdistrict, ever.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { boundingBox } from '#domain/geo.ts'
import { uuidv7 } from '#domain/ids.ts'
import { addSighting, HOTSPOT_RADIUS_M, type Sighting, type Site } from '#domain/patrol/hotspots.ts'
import type { PatrolHotspotsTable } from './tables.ts'
import { counterLockTaken, holdsCounter, lockCounter } from '../../../sync/change-log.ts'
import { dialectOf } from '../../../db/dialect.ts'
import type { WriteStatement } from '../../../sync/write-together.ts'
import { LiveSites } from './live-sites.ts'

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
function sitesNear(db: Db, sd: string, at: { lat: number; lng: number }): Promise<PatrolHotspotsTable[]> {
  return sitesInBox(db, sd, boundingBox(at, 2 * HOTSPOT_RADIUS_M)).execute()
}

/** Sites whose centre lies inside a box. */
function sitesInBox(db: Db, sd: string, box: Box) {
  return db
    .selectFrom('patrol_hotspots')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
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

type Box = ReturnType<typeof boundingBox>

const overlap = (a: Box, b: Box) => a.minLat <= b.maxLat && b.minLat <= a.maxLat && a.minLng <= b.maxLng && b.minLng <= a.maxLng

/** Overlapping boxes joined into their bounding boxes until none overlap: one range read each. */
function joinBoxes(boxes: Box[]): Box[] {
  const out: Box[] = []
  for (let box of boxes) {
    for (let i = out.length - 1; i >= 0; i--) {
      const o = out[i]!
      if (!overlap(o, box)) continue
      box = {
        minLat: Math.min(o.minLat, box.minLat),
        maxLat: Math.max(o.maxLat, box.maxLat),
        minLng: Math.min(o.minLng, box.minLng),
        maxLng: Math.max(o.maxLng, box.maxLng),
      }
      out.splice(i, 1)
      i = out.length
    }
    out.push(box)
  }
  return out
}

/** Where a batch of new reports landed: each one's site when it was folded in, and where that site ended up. */
export interface SightingsLanded {
  /** The site each sighting joined (or formed), as ingestSighting answers it one by one. */
  sites: string[]
  /** The site a site of this batch was merged into later in the batch (itself when it still stands). */
  current(siteId: string): string
  /**
   * The writes, for the caller to send (in this order, or together: none reads another's rows): every
   * changed or new site by one upsert per 100, then per site merged away its reports and review events
   * moved and the site deleted.
   */
  writes: WriteStatement[]
}

/**
 * Folds new reports into the hotspots in order, exactly as ingestSighting one after another would, with
 * a few statements for the whole batch: the sites near all of them read at once (sitesNearAll), the rule
 * applied in memory, and the writes answered, not sent. The caller holds the counter lock (taken here
 * otherwise), so no other writer changes these sites until it commits. Reports of the batch are written
 * by the caller, with `current` of their site.
 */
export async function ingestReportSightings(tx: Transaction<DB>, sd: string, list: { sighting: Sighting; at: Date }[]): Promise<SightingsLanded> {
  const boxes = list.map((x) => boundingBox(x.sighting, 2 * HOTSPOT_RADIUS_M))
  return foldSightings(tx, sd, list, boxes, await lockAndReadNear(tx, sd, boxes))
}

/** A batch folded before the counter lock (PostgreSQL), with the statement that must come first under it. */
export interface SightingsAhead extends SightingsLanded {
  /**
   * Takes the counter lock and fails (SQLSTATE LMSTL, migration 0031) when the sites near the batch are
   * no longer the ones the fold read (one written, merged away or new since): the writes then must not
   * be sent, and the batch is folded again under the lock (ingestReportSightings).
   */
  guard: RawBuilder<unknown>
}

/** SQLSTATE of the guard's refusal: the sites near the batch changed between the fold and the lock. */
export const SITES_CHANGED = 'LMSTL'

/**
 * PostgreSQL: ingestReportSightings without the counter lock. The sites near the batch are read (one
 * statement) and folded in memory now; the caller sends `guard`, the writes and COMMIT together, so the
 * lock is held only while the server runs them.
 */
export async function foldReportSightingsAhead(tx: Transaction<DB>, sd: string, list: { sighting: Sighting; at: Date }[]): Promise<SightingsAhead> {
  const boxes = list.map((x) => boundingBox(x.sighting, 2 * HOTSPOT_RADIUS_M))
  const joined = joinBoxes(boxes)
  // The read of sync_lock_counter_sites (migration 0029), in the same order, without the lock.
  const { rows } = await sql<PatrolHotspotsTable>`select h.* from unnest(${boxArrays(joined)}) with ordinality as b(min_lat, max_lat, min_lng, max_lng, n)
    join patrol_hotspots h on h.subdistrict_id = ${sd} and h.lat >= b.min_lat and h.lat <= b.max_lat and h.lng >= b.min_lng and h.lng <= b.max_lng
    order by b.n, h.lat, h.lng, h.id`.execute(tx)
  const landed = foldSightings(tx, sd, list, boxes, rows)
  const read = [...new Map(rows.map((r) => [r.id, r.version])).entries()]
  const guard = sql`select sync_lock_counter_check(${sd}, ${boxArrays(joined)}, ${read.map(([id]) => id)}::text[], ${read.map(([, v]) => v)}::integer[])`
  return { ...landed, guard }
}

/** Boxes as the four arrays of their bounds (min lat, max lat, min lng, max lng), each a parameter. */
const boxArrays = (boxes: Box[]) => sql.join((['minLat', 'maxLat', 'minLng', 'maxLng'] as const).map((k) => sql`${boxes.map((b) => b[k])}::double precision[]`))

/** The batch fold over the sites read near it (rows), in memory: where each report lands and the writes. */
function foldSightings(tx: Transaction<DB>, sd: string, list: { sighting: Sighting; at: Date }[], boxes: Box[], rows: PatrolHotspotsTable[]): SightingsLanded {
  const before = new Map<string, PatrolHotspotsTable>()
  for (const r of rows) before.set(r.id, r)
  const first = boxes[0]
  const live = new LiveSites(before.values(), siteOf, first ? { lat: first.maxLat - first.minLat, lng: first.maxLng - first.minLng } : { lat: 1, lng: 1 })
  /** Each written site's version and updated_at: one more version per sighting it took, as one write each would. */
  const written = new Map<string, { version: number; at: string }>()
  const mergedInto = new Map<string, string>()
  const sites: string[] = []
  list.forEach(({ sighting, at }, i) => {
    const box = boxes[i]!
    const near = live.near(box)
    const result = addSighting(near, sighting, undefined, () => uuidv7(at.getTime()))
    live.update(near, result.absorbed)
    for (const gone of result.absorbed) mergedInto.set(gone, result.site.id)
    const id = result.site.id
    written.set(id, { version: (written.get(id)?.version ?? before.get(id)?.version ?? 0) + 1, at: at.toISOString() })
    sites.push(id)
  })
  const current = (siteId: string) => {
    let id = siteId
    for (let next = mergedInto.get(id); next !== undefined; next = mergedInto.get(id)) id = next
    return id
  }
  const upserts = [...written].flatMap(([id, w]) => {
    const site = live.get(id)
    return site ? [{ subdistrict_id: sd, id, ...columnsOf(site), status: 'new', updated_at: w.at, version: w.version }] : []
  })
  const writes: WriteStatement[] = []
  for (let i = 0; i < upserts.length; i += 100) writes.push(siteUpsert(tx, upserts.slice(i, i + 100)))
  for (const gone of mergedInto.keys()) {
    if (!before.has(gone)) continue
    writes.push(...mergeWrites(tx, sd, gone, current(gone)))
  }
  return { sites, current, writes }
}

/**
 * Takes the counter lock (unless the transaction holds it) and reads the sites in the boxes after it. On
 * PostgreSQL both are one statement (migration 0029): the lock is held for one round trip fewer per
 * group of nearby sites.
 */
async function lockAndReadNear(tx: Transaction<DB>, sd: string, boxes: Box[]): Promise<PatrolHotspotsTable[]> {
  if (dialectOf(tx) === 'postgres' && !holdsCounter(tx, sd)) {
    const { rows } = await sql<{
      locked: { seq: number | string; sites: PatrolHotspotsTable[] }
    }>`select sync_lock_counter_sites(${sd}, ${boxArrays(joinBoxes(boxes))}) as locked`.execute(tx)
    const locked = rows[0]!.locked
    counterLockTaken(tx, sd, Number(locked.seq))
    return locked.sites
  }
  await lockCounter(tx, sd)
  const rows: PatrolHotspotsTable[] = []
  for (const q of sitesNearAll(tx, sd, boxes)) rows.push(...(await q.execute()))
  return rows
}

/** A stored site merged into another: its reports and review events moved to the survivor, the site deleted. */
export function mergeWrites(db: Db, sd: string, gone: string, into: string): WriteStatement[] {
  return [
    db.updateTable('patrol_reports').set({ hotspot_id: into }).where('subdistrict_id', '=', sd).where('hotspot_id', '=', gone),
    db
      .updateTable('patrol_review_events')
      .set({ target_id: into })
      .where('subdistrict_id', '=', sd)
      .where('target', '=', 'hotspot')
      .where('target_id', '=', gone),
    db.deleteFrom('patrol_hotspots').where('subdistrict_id', '=', sd).where('id', '=', gone),
  ]
}

/**
 * The reads of the sites near a batch of sightings (each box: 2 × radius around one), one range read
 * per group of overlapping boxes. Exported so the bench explains the very statements the push sends.
 */
export function sitesNearAll(db: Db, sd: string, boxes: Box[]) {
  return joinBoxes(boxes).map((b) => sitesInBox(db, sd, b))
}

/** The upsert of changed and new sites of a batch (at most 100 rows): an existing site keeps its key and status. */
export function siteUpsert(
  db: Db,
  rows: (ReturnType<typeof columnsOf> & { subdistrict_id: string; id: string; status: string; updated_at: string; version: number })[],
) {
  return db
    .insertInto('patrol_hotspots')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['subdistrict_id', 'id']).doUpdateSet((eb) => {
        const set = Object.fromEntries(
          Object.keys(rows[0]!)
            .filter((k) => !KEEP_ON_UPDATE.has(k))
            .map((k) => [k, eb.ref(`excluded.${k}` as 'excluded.lat')]),
        )
        return set as never
      }),
    )
}

/** Columns an existing site keeps when the batch upsert writes it: its key and its coordinator's status. */
const KEEP_ON_UPDATE = new Set(['subdistrict_id', 'id', 'status'])
