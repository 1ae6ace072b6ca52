// GBFS v3.0 documents built from the active designated parking zones: each zone is a virtual station
// (station_area, parking_type, capacity) and a geofencing zone where rides may end. Pure functions.
import type { Zone, VehicleKind } from '#domain/patrol/zones.ts'

export const GBFS_VERSION = '3.0'
export const GBFS_TTL = 60

export interface FeedMeta {
  base: string
  now: Date
  subdistrict: { id: string; name: string }
}

/** RFC 3339 without fractions: what feed readers expect in last_updated. */
const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
const envelope = <T>(meta: FeedMeta, data: T) => ({ last_updated: stamp(meta.now), ttl: GBFS_TTL, version: GBFS_VERSION, data })

export const FEEDS = ['system_information', 'vehicle_types', 'station_information', 'station_status', 'geofencing_zones'] as const

export function gbfsManifest(meta: FeedMeta) {
  return envelope(meta, { feeds: FEEDS.map((name) => ({ name, url: `${meta.base}/${name}.json` })) })
}

export function systemInformation(meta: FeedMeta, contactEmail: string) {
  return envelope(meta, {
    system_id: `lastmile-${meta.subdistrict.id}`,
    languages: ['zh-CN', 'en'],
    name: [
      { text: `${meta.subdistrict.name}指定停放区`, language: 'zh-CN' },
      { text: `${meta.subdistrict.id} designated parking zones`, language: 'en' },
    ],
    operator: [
      { text: `${meta.subdistrict.name}办事处`, language: 'zh-CN' },
      { text: 'Subdistrict office', language: 'en' },
    ],
    opening_hours: '24/7',
    feed_contact_email: contactEmail,
    timezone: 'Asia/Shanghai',
  })
}

/** Our vehicle kinds as GBFS vehicle types (electric ones must state a range). */
export const VEHICLE_TYPES: Record<VehicleKind, { form_factor: string; propulsion_type: string; max_range_meters?: number; zh: string; en: string }> = {
  bicycle: { form_factor: 'bicycle', propulsion_type: 'human', zh: '共享单车', en: 'Shared bicycle' },
  ebike: { form_factor: 'bicycle', propulsion_type: 'electric_assist', max_range_meters: 40_000, zh: '共享助力车', en: 'Shared e-bike' },
  delivery_ebike: { form_factor: 'moped', propulsion_type: 'electric', max_range_meters: 60_000, zh: '外卖电动车', en: 'Delivery e-bike' },
}

export function vehicleTypes(meta: FeedMeta) {
  return envelope(meta, {
    vehicle_types: Object.entries(VEHICLE_TYPES).map(([id, v]) => ({
      vehicle_type_id: id,
      form_factor: v.form_factor,
      propulsion_type: v.propulsion_type,
      ...(v.max_range_meters ? { max_range_meters: v.max_range_meters } : {}),
      name: [
        { text: v.zh, language: 'zh-CN' },
        { text: v.en, language: 'en' },
      ],
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

export function stationInformation(meta: FeedMeta, zones: readonly Zone[]) {
  return envelope(meta, {
    stations: zones.map((z) => ({
      station_id: z.lineage_id,
      name: [{ text: z.name, language: 'zh-CN' }],
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

/** Required beside station_information by gbfs.json; a parking zone rents nothing and takes returns. */
export function stationStatus(meta: FeedMeta, zones: readonly Zone[]) {
  const reported = Math.floor(meta.now.getTime() / 1000)
  return envelope(meta, {
    stations: zones.map((z) => ({
      station_id: z.lineage_id,
      num_vehicles_available: 0,
      is_installed: true,
      is_renting: false,
      is_returning: true,
      last_reported: stamp(new Date(reported * 1000)),
    })),
  })
}

export function geofencingZones(meta: FeedMeta, zones: readonly Zone[]) {
  return envelope(meta, {
    geofencing_zones: {
      type: 'FeatureCollection' as const,
      features: zones.map((z) => ({
        type: 'Feature' as const,
        geometry: multi(z),
        properties: {
          name: [{ text: z.name, language: 'zh-CN' }],
          ...(z.published_at ? { start: z.published_at.replace(/\.\d{3}Z$/, 'Z') } : {}),
          rules: [
            { vehicle_type_ids: [...z.vehicle_kinds], ride_start_allowed: true, ride_end_allowed: true, ride_through_allowed: true, station_parking: true },
          ],
        },
      })),
    },
    global_rules: [{ ride_start_allowed: true, ride_end_allowed: true, ride_through_allowed: true }],
  })
}
