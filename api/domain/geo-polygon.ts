// Pure polygon checks for drawn parking zones: a ring that is closed, does not cross itself, covers at
// least a few square metres and stays inside the subdistrict. Shared by the map editor and the API.
import { z } from 'zod'
import { haversineM } from './geo.ts'
import type { MessageDict } from './messages.ts'

export const POLYGON_MESSAGES: MessageDict = {
  polygon_shape: { 'zh-CN': '区域形状格式不正确', en: 'Invalid area shape' },
  polygon_too_few: { 'zh-CN': '区域至少需要 3 个不同的顶点', en: 'An area needs at least 3 distinct corners' },
  polygon_not_closed: { 'zh-CN': '区域边界未闭合（首尾顶点须相同）', en: 'The outline is not closed (first and last corner must match)' },
  polygon_self_intersects: { 'zh-CN': '区域边界自相交，请调整顶点', en: 'The outline crosses itself; move a corner' },
  polygon_too_small: { 'zh-CN': '区域面积过小（至少 4 平方米）', en: 'The area is too small (at least 4 m²)' },
  polygon_too_large: { 'zh-CN': '区域面积过大（最多 2 万平方米）', en: 'The area is too large (at most 20,000 m²)' },
  polygon_outside: { 'zh-CN': '区域超出本街道范围', en: 'The area leaves the subdistrict' },
}

export const MIN_ZONE_AREA_M2 = 4
export const MAX_ZONE_AREA_M2 = 20_000
/** Without a surveyed boundary, a subdistrict is a circle around its centre (双井街道 ≈ 5 km²). */
export const SUBDISTRICT_RADIUS_M = 2500
export const MAX_VERTICES = 100

export type LngLat = [number, number]
export const LngLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'polygon_shape' })

/** A GeoJSON Polygon with one outer ring (no holes), [lng, lat] order, WGS-84. */
export const PolygonSchema = z.strictObject({
  type: z.literal('Polygon', { error: 'polygon_shape' }),
  coordinates: z
    .array(z.array(LngLatSchema).max(MAX_VERTICES + 1, { error: 'polygon_shape' }), { error: 'polygon_shape' })
    .length(1, { error: 'polygon_shape' }),
})
export type Polygon = z.infer<typeof PolygonSchema>

export interface PolygonIssue {
  /** Path inside the polygon, e.g. `coordinates.0.3` for a bad vertex. */
  path: string
  key: string
}

const same = (a: LngLat, b: LngLat) => a[0] === b[0] && a[1] === b[1]

/** Metres east/north of an origin: accurate enough for areas of a few hectares. */
function project(origin: LngLat) {
  const kx = 111_320 * Math.cos((origin[1] * Math.PI) / 180)
  return (p: LngLat): [number, number] => [(p[0] - origin[0]) * kx, (p[1] - origin[1]) * 110_574]
}

/** Unclosed ring's distinct corners in order (drops the closing repeat). */
export function corners(ring: readonly LngLat[]): LngLat[] {
  return ring.length > 1 && same(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : [...ring]
}

export function closeRing(points: readonly LngLat[]): LngLat[] {
  const open = corners(points)
  return open.length ? [...open, open[0]!] : []
}

export function ringAreaM2(ring: readonly LngLat[]): number {
  const pts = corners(ring)
  if (pts.length < 3) return 0
  const xy = pts.map(project(pts[0]!))
  let twice = 0
  for (let i = 0; i < xy.length; i++) {
    const a = xy[i]!
    const b = xy[(i + 1) % xy.length]!
    twice += a[0] * b[1] - b[0] * a[1]
  }
  return Math.abs(twice) / 2
}

export function ringCentroid(ring: readonly LngLat[]): { lat: number; lng: number } {
  const pts = corners(ring)
  const n = Math.max(1, pts.length)
  return { lng: pts.reduce((s, p) => s + p[0], 0) / n, lat: pts.reduce((s, p) => s + p[1], 0) / n }
}

function orient(a: [number, number], b: [number, number], c: [number, number]): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v)
}

function onSegment(a: [number, number], b: [number, number], p: [number, number]): boolean {
  return (
    Math.min(a[0], b[0]) - 1e-9 <= p[0] && p[0] <= Math.max(a[0], b[0]) + 1e-9 && Math.min(a[1], b[1]) - 1e-9 <= p[1] && p[1] <= Math.max(a[1], b[1]) + 1e-9
  )
}

function segmentsCross(p1: [number, number], p2: [number, number], q1: [number, number], q2: [number, number]): boolean {
  const o1 = orient(p1, p2, q1)
  const o2 = orient(p1, p2, q2)
  const o3 = orient(q1, q2, p1)
  const o4 = orient(q1, q2, p2)
  if (o1 !== o2 && o3 !== o4) return true
  return (
    (o1 === 0 && onSegment(p1, p2, q1)) || (o2 === 0 && onSegment(p1, p2, q2)) || (o3 === 0 && onSegment(q1, q2, p1)) || (o4 === 0 && onSegment(q1, q2, p2))
  )
}

/** Index of the first edge that crosses a non-adjacent edge, or -1. */
export function selfIntersection(ring: readonly LngLat[]): number {
  const pts = corners(ring)
  const n = pts.length
  if (n < 4) return -1
  const xy = pts.map(project(pts[0]!))
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue
      if (segmentsCross(xy[i]!, xy[(i + 1) % n]!, xy[j]!, xy[(j + 1) % n]!)) return i
    }
  }
  return -1
}

/** Every rule a drawn zone must meet; an empty list means the polygon is fine. */
export function polygonIssues(poly: Polygon, area: { center: { lat: number; lng: number }; radiusM?: number }): PolygonIssue[] {
  const ring = poly.coordinates[0] ?? []
  if (ring.length > 1 && !same(ring[0]!, ring[ring.length - 1]!)) return [{ path: 'coordinates.0', key: 'polygon_not_closed' }]
  const pts = corners(ring)
  const distinct = new Set(pts.map((p) => p.join(','))).size
  if (distinct < 3 || distinct !== pts.length) return [{ path: 'coordinates.0', key: 'polygon_too_few' }]
  const issues: PolygonIssue[] = []
  const radius = area.radiusM ?? SUBDISTRICT_RADIUS_M
  const outside = pts.findIndex((p) => haversineM(area.center, { lat: p[1], lng: p[0] }) > radius)
  if (outside >= 0) issues.push({ path: `coordinates.0.${outside}`, key: 'polygon_outside' })
  if (selfIntersection(ring) >= 0) issues.push({ path: 'coordinates.0', key: 'polygon_self_intersects' })
  else {
    const m2 = ringAreaM2(ring)
    if (m2 < MIN_ZONE_AREA_M2) issues.push({ path: 'coordinates.0', key: 'polygon_too_small' })
    if (m2 > MAX_ZONE_AREA_M2) issues.push({ path: 'coordinates.0', key: 'polygon_too_large' })
  }
  return issues
}

export function pointInRing(p: { lat: number; lng: number }, ring: readonly LngLat[]): boolean {
  const pts = corners(ring)
  let inside = false
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!
    const [xj, yj] = pts[j]!
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Straight-line metres from a point to the nearest edge of a ring (0 inside). */
export function distanceToRingM(p: { lat: number; lng: number }, ring: readonly LngLat[]): number {
  if (pointInRing(p, ring)) return 0
  const pts = corners(ring)
  const proj = project([p.lng, p.lat])
  let best = Infinity
  for (let i = 0; i < pts.length; i++) {
    const a = proj(pts[i]!)
    const b = proj(pts[(i + 1) % pts.length]!)
    const dx = b[0] - a[0]
    const dy = b[1] - a[1]
    const len2 = dx * dx + dy * dy
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (-a[0] * dx - a[1] * dy) / len2))
    best = Math.min(best, Math.hypot(a[0] + t * dx, a[1] + t * dy))
  }
  return best
}
