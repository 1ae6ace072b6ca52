// Designated parking zones: polygons with a capacity, the vehicles and operators they take and their
// hours. Published zones are versioned the MDS way: an edit publishes a new version pointing back.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { haversineM } from '../geo.ts'
import { PolygonSchema, distanceToRingM, ringAreaM2, ringCentroid, type Polygon } from '../geo-polygon.ts'

export const ZONE_STATUSES = ['planned', 'active', 'retired'] as const
export const ZoneStatus = z.enum(ZONE_STATUSES, { error: 'zone_status' })
export type ZoneStatus = z.infer<typeof ZoneStatus>

/** What may park; each maps onto a GBFS vehicle type. */
export const VEHICLE_KINDS = ['bicycle', 'ebike', 'delivery_ebike'] as const
export const VehicleKind = z.enum(VEHICLE_KINDS, { error: 'zone_vehicle_kinds' })
export type VehicleKind = z.infer<typeof VehicleKind>

export const PARKING_TYPES = ['sidewalk_parking', 'street_parking', 'parking_lot', 'underground_parking', 'other'] as const
export const ParkingType = z.enum(PARKING_TYPES, { error: 'zone_parking_type' })

const HOURS_RE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d(, ?([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)*$/

export const ZoneInput = z.strictObject({
  /** Made on the device (or by the server) for a new zone; a new version gets a new id. */
  id: Id.optional(),
  name: text({ error: 'zone_name' }).trim().min(1, { error: 'zone_name' }).max(60, { error: 'zone_name' }),
  community_id: Slug,
  geometry: PolygonSchema,
  capacity: z.number({ error: 'zone_capacity' }).int({ error: 'zone_capacity' }).min(1, { error: 'zone_capacity' }).max(500, { error: 'zone_capacity' }),
  vehicle_kinds: z.array(VehicleKind).min(1, { error: 'zone_vehicle_kinds' }).max(VEHICLE_KINDS.length),
  /** Empty: every operator may use it. */
  operator_ids: z
    .array(text().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'zone_operator' }))
    .max(20)
    .default([]),
  opening_hours: text()
    .trim()
    .refine((s) => s === '' || HOURS_RE.test(s), { error: 'zone_opening_hours' })
    .default(''),
  rules: text().trim().max(300, { error: 'zone_rules' }).default(''),
  parking_type: ParkingType.default('sidewalk_parking'),
  status: ZoneStatus.default('planned'),
  agreement_id: Id.nullable().default(null),
})
export type ZoneInput = z.infer<typeof ZoneInput>
export type ZoneInputRaw = z.input<typeof ZoneInput>

const Point = z.object({ lat: z.number(), lng: z.number() })

/** One stored version of a zone. `lineage_id` stays the same across versions (GBFS station_id). */
export const Zone = z.object(ZoneInput.omit({ id: true }).shape).extend({
  id: Id,
  lineage_id: Id,
  version_no: z.int(),
  prev_id: Id.nullable(),
  superseded_by: Id.nullable(),
  published_at: z.string().nullable(),
  area_m2: z.number(),
  center: Point,
  created_at: z.string(),
  updated_at: z.string(),
})
export type Zone = z.infer<typeof Zone>

/** What residents may see of a zone: no agreement, no operators' contacts, no history. */
export const PublicZone = z.object({
  id: Id,
  name: z.string(),
  geometry: PolygonSchema,
  center: Point,
  capacity: z.int(),
  vehicle_kinds: z.array(VehicleKind),
  operator_names: z.array(z.string()),
  opening_hours: z.string(),
  rules: z.string(),
  parking_type: z.string(),
  updated_at: z.string(),
})
export type PublicZone = z.infer<typeof PublicZone>

/** The residents' map: the subdistrict, its active zones and when the list was made. */
export const PublicZones = z.object({
  subdistrict: z.object({ id: Slug, name: z.string(), center: Point }),
  zones: z.array(PublicZone),
  generated_at: z.string(),
})
export type PublicZones = z.infer<typeof PublicZones>

const TRANSITIONS: Record<ZoneStatus, readonly ZoneStatus[]> = {
  planned: ['planned', 'active', 'retired'],
  active: ['active', 'retired'],
  retired: [],
}

export type ZoneEditPlan =
  { ok: false; path: string; key: 'zone_retired' | 'zone_superseded' | 'zone_status_change' } | { ok: true; mode: 'in_place' | 'new_version'; publish: boolean }

/**
 * How an edit lands. A planned zone changes in place (publishing it when it becomes active); an active
 * zone is never rewritten: the edit (retiring included) is a new version that points to the one it replaces.
 */
export function planZoneEdit(current: Pick<Zone, 'status' | 'superseded_by'>, next: ZoneStatus): ZoneEditPlan {
  if (current.superseded_by) return { ok: false, path: '', key: 'zone_superseded' }
  if (current.status === 'retired') return { ok: false, path: 'status', key: 'zone_retired' }
  if (!TRANSITIONS[current.status].includes(next)) return { ok: false, path: 'status', key: 'zone_status_change' }
  if (current.status === 'planned') return { ok: true, mode: 'in_place', publish: next === 'active' }
  return { ok: true, mode: 'new_version', publish: true }
}

/** Derived geometry facts kept with each version (for lists, nearest-zone and GBFS lat/lon). */
export function zoneShape(geometry: Polygon): { area_m2: number; center: { lat: number; lng: number } } {
  const ring = geometry.coordinates[0] ?? []
  const c = ringCentroid(ring)
  return { area_m2: Math.round(ringAreaM2(ring) * 10) / 10, center: { lat: Math.round(c.lat * 1e7) / 1e7, lng: Math.round(c.lng * 1e7) / 1e7 } }
}

/** The versions of one zone, newest first, following prev_id links from the current one. */
export function zoneHistory<Z extends Pick<Zone, 'id' | 'prev_id'>>(versions: readonly Z[], currentId: string): Z[] {
  const byId = new Map(versions.map((v) => [v.id, v]))
  const out: Z[] = []
  let at = byId.get(currentId)
  while (at && out.length <= versions.length) {
    out.push(at)
    at = at.prev_id ? byId.get(at.prev_id) : undefined
  }
  return out
}

/** Pavements are not straight lines: a walking route is about 1.3× the straight distance (at 75 m a minute). */
export const WALK_DETOUR = 1.3
export const WALK_M_PER_MIN = 75

export function walkingEstimate(straightM: number): { metres: number; minutes: number } {
  const metres = Math.round((straightM * WALK_DETOUR) / 10) * 10
  return { metres, minutes: Math.max(1, Math.round(metres / WALK_M_PER_MIN)) }
}

/** Zones by walking distance from a position, nearest first (0 when standing inside one). */
export function zonesByDistance<Z extends { geometry: Polygon; center: { lat: number; lng: number } }>(
  zones: readonly Z[],
  at: { lat: number; lng: number },
): (Z & { straight_m: number; walk_m: number; walk_min: number })[] {
  return zones
    .map((z) => {
      const ring = z.geometry.coordinates[0] ?? []
      const straight = ring.length ? distanceToRingM(at, ring) : haversineM(at, z.center)
      const walk = walkingEstimate(straight)
      return { ...z, straight_m: Math.round(straight), walk_m: walk.metres, walk_min: walk.minutes }
    })
    .sort((a, b) => a.straight_m - b.straight_m)
}
