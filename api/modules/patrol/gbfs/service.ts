// GBFS v3.0 documents built from the active designated parking zones: each zone is a virtual station
// (station_area, parking_type, capacity) and a geofencing zone where rides may end; everywhere else the
// global rule forbids ending a ride, so the zones are where riders park. Pure functions.
import type { Zone, VehicleKind } from '#domain/patrol/zones.ts'

export const GBFS_VERSION = '3.0'
export const GBFS_TTL = 60
/** The languages of every localized string, in system_information's order. */
export const GBFS_LANGUAGES = ['zh-CN', 'en'] as const

export interface FeedMeta {
  base: string
  /** Query the feed URLs carry (`?subdistrict=…` when the request named one), so a client stays in one system. */
  query: string
  /** When the data last changed: the newest zone version, else when the subdistrict was set up. */
  lastUpdated: Date
  subdistrict: { id: string; name: string }
  licenseUrl: string
}

type Localized = { text: string; language: (typeof GBFS_LANGUAGES)[number] }[]
const localized = (zh: string, en: string): Localized => [
  { text: zh, language: 'zh-CN' },
  { text: en, language: 'en' },
]

/** RFC 3339 without fractions: what feed readers expect in last_updated. */
export const stamp = (d: Date | string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
const envelope = <T>(meta: FeedMeta, data: T) => ({ last_updated: stamp(meta.lastUpdated), ttl: GBFS_TTL, version: GBFS_VERSION, data })

export const FEEDS = ['system_information', 'vehicle_types', 'station_information', 'station_status', 'geofencing_zones'] as const

export function gbfsManifest(meta: FeedMeta) {
  return envelope(meta, { feeds: FEEDS.map((name) => ({ name, url: `${meta.base}/${name}.json${meta.query}` })) })
}

/** manifest.json: one data set per subdistrict that publishes zones. */
export function datasetsManifest(meta: Pick<FeedMeta, 'base' | 'lastUpdated'>, subdistricts: readonly { id: string }[]) {
  return {
    last_updated: stamp(meta.lastUpdated),
    ttl: GBFS_TTL,
    version: GBFS_VERSION,
    data: {
      datasets: subdistricts.map((s) => ({
        system_id: systemId(s.id),
        versions: [{ version: GBFS_VERSION, url: `${meta.base}/gbfs.json?subdistrict=${encodeURIComponent(s.id)}` }],
      })),
    },
  }
}

const systemId = (subdistrictId: string) => `lastmile-${subdistrictId}`

export function systemInformation(meta: FeedMeta, contactEmail: string) {
  return envelope(meta, {
    system_id: systemId(meta.subdistrict.id),
    languages: [...GBFS_LANGUAGES],
    name: localized(`${meta.subdistrict.name}指定停放区`, `${meta.subdistrict.id} designated parking zones`),
    operator: localized(`${meta.subdistrict.name}办事处`, 'Subdistrict office'),
    opening_hours: '24/7',
    feed_contact_email: contactEmail,
    timezone: 'Asia/Shanghai',
    license_url: meta.licenseUrl,
  })
}

/** Our vehicle kinds as GBFS vehicle types (electric ones must state a range). */
export const VEHICLE_TYPES: Record<VehicleKind, { form_factor: string; propulsion_type: string; max_range_meters?: number; zh: string; en: string }> = {
  bicycle: { form_factor: 'bicycle', propulsion_type: 'human', zh: '共享单车', en: 'Shared bicycle' },
  ebike: { form_factor: 'bicycle', propulsion_type: 'electric_assist', max_range_meters: 40_000, zh: '共享助力车', en: 'Shared e-bike' },
  delivery_ebike: { form_factor: 'moped', propulsion_type: 'electric', max_range_meters: 60_000, zh: '外卖电动车', en: 'Delivery e-bike' },
}
const VEHICLE_TYPE_IDS = Object.keys(VEHICLE_TYPES)

export function vehicleTypes(meta: FeedMeta) {
  return envelope(meta, {
    vehicle_types: Object.entries(VEHICLE_TYPES).map(([id, v]) => ({
      vehicle_type_id: id,
      form_factor: v.form_factor,
      propulsion_type: v.propulsion_type,
      ...(v.max_range_meters ? { max_range_meters: v.max_range_meters } : {}),
      name: localized(v.zh, v.en),
    })),
  })
}

/** GeoJSON rings must follow the right-hand rule in GBFS: outer rings counter-clockwise. */
export function counterClockwise(ring: readonly [number, number][]): [number, number][] {
  let twice = 0
  for (let i = 0; i + 1 < ring.length; i++) twice += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]
  return twice < 0 ? [...ring].reverse() : [...ring]
}

const multi = (z: Zone) => ({ type: 'MultiPolygon' as const, coordinates: [[counterClockwise(z.geometry.coordinates[0] ?? [])]] })

/** A zone's name in both languages: zones are named in Chinese only, so the English one says what it is. */
const zoneName = (z: Zone) => localized(z.name, `${z.name} (designated parking zone)`)

export function stationInformation(meta: FeedMeta, zones: readonly Zone[]) {
  return envelope(meta, {
    stations: zones.map((z) => ({
      station_id: z.lineage_id,
      name: zoneName(z),
      lat: z.center.lat,
      lon: z.center.lng,
      is_virtual_station: true,
      station_area: multi(z),
      parking_type: z.parking_type,
      capacity: z.capacity,
      vehicle_types_capacity: [{ vehicle_type_ids: [...z.vehicle_kinds], count: z.capacity }],
    })),
  })
}

/**
 * Required beside station_information by gbfs.json; a parking zone rents nothing and takes returns.
 * vehicle_types_available is required once vehicle_types.json is published: each type the zone takes, none parked.
 */
export function stationStatus(meta: FeedMeta, zones: readonly Zone[]) {
  return envelope(meta, {
    stations: zones.map((z) => ({
      station_id: z.lineage_id,
      num_vehicles_available: 0,
      vehicle_types_available: z.vehicle_kinds.map((k) => ({ vehicle_type_id: k, count: 0 })),
      is_installed: true,
      is_renting: false,
      is_returning: true,
      last_reported: stamp(z.updated_at),
    })),
  })
}

/** Rides may end only inside a zone, for the vehicle types it takes; the global rule forbids it elsewhere. */
export function geofencingZones(meta: FeedMeta, zones: readonly Zone[]) {
  return envelope(meta, {
    geofencing_zones: {
      type: 'FeatureCollection' as const,
      features: zones.map((z) => ({
        type: 'Feature' as const,
        geometry: multi(z),
        properties: {
          name: zoneName(z),
          ...(z.published_at ? { start: stamp(z.published_at) } : {}),
          rules: [
            { vehicle_type_ids: [...z.vehicle_kinds], ride_start_allowed: true, ride_end_allowed: true, ride_through_allowed: true, station_parking: true },
          ],
        },
      })),
    },
    global_rules: [{ vehicle_type_ids: [...VEHICLE_TYPE_IDS], ride_start_allowed: true, ride_end_allowed: false, ride_through_allowed: true }],
  })
}
