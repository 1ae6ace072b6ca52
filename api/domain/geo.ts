// WGS-84 positions with their accuracy; GeoJSON order is [lng, lat].
import { z } from 'zod'

export const Lat = z.number().min(-90, { error: 'lat_range' }).max(90, { error: 'lat_range' })
export const Lng = z.number().min(-180, { error: 'lng_range' }).max(180, { error: 'lng_range' })

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres. */
export function haversineM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** A lat/lng box around a point, for index-friendly pre-filtering before an exact distance check. */
export function boundingBox(center: { lat: number; lng: number }, radiusM: number) {
  const dLat = radiusM / 111_320
  const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos((center.lat * Math.PI) / 180)))
  return { minLat: center.lat - dLat, maxLat: center.lat + dLat, minLng: center.lng - dLng, maxLng: center.lng + dLng }
}
