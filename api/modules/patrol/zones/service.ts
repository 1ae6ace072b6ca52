// Designated parking zones: create, edit (a planned zone in place; an active one as a new version that
// points to the one it replaces), history, and the public view residents and GBFS consumers get.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { uuidv7 } from '#domain/ids.ts'
import { polygonIssues } from '#domain/geo-polygon.ts'
import { planZoneEdit, zoneHistory, zoneShape, type PublicZone, type Zone, type ZoneInput, type ZoneStatus } from '#domain/patrol/zones.ts'
import { parseJson } from '../problems.ts'
import type { PatrolZonesTable } from '../agreements/tables.ts'
import { audit } from '../../../audit/audit.ts'
import { fieldProblem, fieldsProblem, type FieldKey } from '../../../http/problem.ts'
import { inTransaction } from '../../../db/handle.ts'

export function zoneOf(r: PatrolZonesTable): Zone {
  return {
    id: r.id,
    lineage_id: r.lineage_id,
    version_no: Number(r.version_no),
    prev_id: r.prev_id,
    superseded_by: r.superseded_by,
    published_at: r.published_at,
    name: r.name,
    community_id: r.community_id,
    geometry: parseJson(r.geometry, { type: 'Polygon', coordinates: [[]] }),
    capacity: Number(r.capacity),
    vehicle_kinds: parseJson(r.vehicle_kinds, []),
    operator_ids: parseJson(r.operator_ids, []),
    opening_hours: r.opening_hours,
    rules: r.rules,
    parking_type: r.parking_type as Zone['parking_type'],
    status: r.status as ZoneStatus,
    agreement_id: r.agreement_id,
    area_m2: Number(r.area_m2),
    center: { lat: Number(r.center_lat), lng: Number(r.center_lng) },
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}

function columns(z: ZoneInput) {
  const shape = zoneShape(z.geometry)
  return {
    name: z.name,
    community_id: z.community_id,
    geometry: JSON.stringify(z.geometry),
    center_lat: shape.center.lat,
    center_lng: shape.center.lng,
    area_m2: shape.area_m2,
    capacity: z.capacity,
    vehicle_kinds: JSON.stringify(z.vehicle_kinds),
    operator_ids: JSON.stringify(z.operator_ids),
    opening_hours: z.opening_hours,
    rules: z.rules,
    parking_type: z.parking_type,
    status: z.status,
    agreement_id: z.agreement_id,
  }
}

/** Everything about a zone only the server can check: geometry inside this subdistrict, links that exist. */
async function zoneIssues(db: Kysely<DB>, sd: string, z: ZoneInput): Promise<FieldKey[]> {
  const sub = await db.selectFrom('subdistricts').select(['center_lat', 'center_lng']).where('id', '=', sd).executeTakeFirstOrThrow()
  const issues: FieldKey[] = polygonIssues(z.geometry, { center: { lat: Number(sub.center_lat), lng: Number(sub.center_lng) } }).map((i) => ({
    path: `geometry.${i.path}`,
    key: i.key,
  }))
  const community = await db.selectFrom('communities').select('id').where('subdistrict_id', '=', sd).where('id', '=', z.community_id).executeTakeFirst()
  if (!community) issues.push({ path: 'community_id', key: 'community_unknown' })
  if (z.agreement_id) {
    const a = await db.selectFrom('patrol_agreements').select('id').where('subdistrict_id', '=', sd).where('id', '=', z.agreement_id).executeTakeFirst()
    if (!a) issues.push({ path: 'agreement_id', key: 'agreement_unknown' })
  }
  if (z.operator_ids.length) {
    const ops = new Set((await db.selectFrom('patrol_operators').select('id').where('subdistrict_id', '=', sd).execute()).map((o) => o.id))
    z.operator_ids.forEach((o, i) => !ops.has(o) && issues.push({ path: `operator_ids.${i}`, key: 'patrol_operator_unknown' }))
  }
  return issues
}

export async function listZones(db: Kysely<DB>, user: SessionUser): Promise<Zone[]> {
  const rows = await db
    .selectFrom('patrol_zones')
    .selectAll()
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('superseded_by', 'is', null)
    .orderBy('name')
    .execute()
  return rows.map(zoneOf)
}

export async function zoneVersions(db: Kysely<DB>, user: SessionUser, id: string): Promise<Zone[] | undefined> {
  const sd = user.subdistrict_id
  const one = await db.selectFrom('patrol_zones').select(['lineage_id']).where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (!one) return undefined
  const rows = (await db.selectFrom('patrol_zones').selectAll().where('subdistrict_id', '=', sd).where('lineage_id', '=', one.lineage_id).execute()).map(zoneOf)
  const current = rows.find((r) => r.superseded_by === null) ?? rows[0]!
  return zoneHistory(rows, current.id)
}

export async function createZone(db: Kysely<DB>, user: SessionUser, z: ZoneInput, now: Date): Promise<Zone> {
  const sd = user.subdistrict_id
  if (z.status === 'retired') throw fieldProblem('zone_status_change', 'status', { status: 422 })
  const issues = await zoneIssues(db, sd, z)
  if (issues.length) throw fieldsProblem(issues, { detail: issues[0]!.key })
  const id = z.id ?? uuidv7(now.getTime())
  const at = now.toISOString()
  const exists = await db.selectFrom('patrol_zones').select('id').where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (exists) throw fieldProblem('zone_superseded', 'id', { status: 409 })
  const row: PatrolZonesTable = {
    subdistrict_id: sd,
    id,
    lineage_id: id,
    version_no: 1,
    prev_id: null,
    superseded_by: null,
    superseded_at: null,
    ...columns(z),
    published_at: z.status === 'active' ? at : null,
    created_by: user.id,
    created_at: at,
    updated_at: at,
  }
  await inTransaction(db, async (tx) => {
    await tx.insertInto('patrol_zones').values(row).execute()
    await audit(tx, { actor: user, action: 'create', entity: 'zone', entity_id: id, after: zoneOf(row), at: now })
  })
  return zoneOf(row)
}

/** Applies an edit to the version `id` (which must be the current one); returns the zone as it now stands. */
export async function updateZone(db: Kysely<DB>, user: SessionUser, id: string, z: ZoneInput, now: Date): Promise<Zone> {
  const sd = user.subdistrict_id
  const issues = await zoneIssues(db, sd, z)
  if (issues.length) throw fieldsProblem(issues, { detail: issues[0]!.key })
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('patrol_zones').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
    if (!current) throw fieldProblem('zone_unknown', 'id', { status: 404 })
    const plan = planZoneEdit({ status: current.status as ZoneStatus, superseded_by: current.superseded_by }, z.status)
    if (!plan.ok) throw fieldProblem(plan.key, plan.path, { status: plan.key === 'zone_superseded' ? 409 : 422 })
    if (plan.mode === 'in_place') {
      const set = { ...columns(z), updated_at: at, published_at: plan.publish ? at : current.published_at }
      await tx.updateTable('patrol_zones').set(set).where('subdistrict_id', '=', sd).where('id', '=', id).execute()
      await audit(tx, { actor: user, action: 'update', entity: 'zone', entity_id: id, before: zoneOf(current), after: zoneOf({ ...current, ...set }), at: now })
      return zoneOf({ ...current, ...set })
    }
    // MDS-style: the published version stays as it was; a new version points back to it.
    const next: PatrolZonesTable = {
      ...current,
      ...columns(z),
      id: z.id && z.id !== id ? z.id : uuidv7(now.getTime()),
      version_no: Number(current.version_no) + 1,
      prev_id: current.id,
      superseded_by: null,
      superseded_at: null,
      published_at: at,
      created_by: user.id,
      created_at: at,
      updated_at: at,
    }
    const done = await tx
      .updateTable('patrol_zones')
      .set({ superseded_by: next.id, superseded_at: at })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', id)
      .where('superseded_by', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) throw fieldProblem('zone_superseded', '', { status: 409 })
    await tx.insertInto('patrol_zones').values(next).execute()
    await audit(tx, { actor: user, action: 'new_version', entity: 'zone', entity_id: next.id, before: zoneOf(current), after: zoneOf(next), at: now })
    return zoneOf(next)
  })
}

/** Active zones of a subdistrict, current versions only. */
export async function activeZones(db: Kysely<DB>, sd: string): Promise<Zone[]> {
  const rows = await db
    .selectFrom('patrol_zones')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('status', '=', 'active')
    .where('superseded_by', 'is', null)
    .orderBy('name')
    .execute()
  return rows.map(zoneOf)
}

/** The residents' view: no agreement, no history, operator names instead of ids. Station id = lineage id. */
export async function publicZones(db: Kysely<DB>, sd: string): Promise<PublicZone[]> {
  const [zones, ops] = await Promise.all([
    activeZones(db, sd),
    db.selectFrom('patrol_operators').select(['id', 'name']).where('subdistrict_id', '=', sd).execute(),
  ])
  const opName = new Map(ops.map((o) => [o.id, o.name]))
  return zones.map((z) => ({
    id: z.lineage_id,
    name: z.name,
    geometry: z.geometry,
    center: z.center,
    capacity: z.capacity,
    vehicle_kinds: z.vehicle_kinds,
    operator_names: z.operator_ids.map((o) => opName.get(o) ?? o),
    opening_hours: z.opening_hours,
    rules: z.rules,
    parking_type: z.parking_type,
    updated_at: z.updated_at,
  }))
}

/** The deployment's subdistrict for public pages: the one asked for, else the first. */
export async function publicSubdistrict(db: Kysely<DB>, id?: string) {
  let q = db.selectFrom('subdistricts').select(['id', 'name', 'center_lat', 'center_lng'])
  if (id) q = q.where('id', '=', id)
  const row = await q.orderBy('id').executeTakeFirst()
  return row ? { id: row.id, name: row.name, center: { lat: Number(row.center_lat), lng: Number(row.center_lng) } } : undefined
}
