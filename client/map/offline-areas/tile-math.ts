// Web-Mercator tile arithmetic for offline map areas: which tiles cover a box at a zoom, how many,
// and the URL Leaflet would request for each (same subdomain choice, so the cache key matches).

/** A box in degrees: west, south, east, north. */
export interface BBox {
  west: number
  south: number
  east: number
  north: number
}

export interface TileRange {
  z: number
  minX: number
  maxX: number
  minY: number
  maxY: number
}

export interface Tile {
  z: number
  x: number
  y: number
}

const MAX_LAT = 85.05112878

/** The tile holding a point at zoom z (x to the east, y to the south, as XYZ/Leaflet count). */
export function tileOf(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z
  const clampedLat = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat))
  const rad = (clampedLat * Math.PI) / 180
  const x = Math.floor(((lng + 180) / 360) * n)
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  return { x: Math.max(0, Math.min(n - 1, x)), y: Math.max(0, Math.min(n - 1, y)) }
}

export function rangeOf(bbox: BBox, z: number): TileRange {
  const nw = tileOf(bbox.north, bbox.west, z)
  const se = tileOf(bbox.south, bbox.east, z)
  return { z, minX: nw.x, maxX: se.x, minY: nw.y, maxY: se.y }
}

export function rangesOf(bbox: BBox, zooms: readonly number[]): TileRange[] {
  return [...new Set(zooms)].sort((a, b) => a - b).map((z) => rangeOf(bbox, z))
}

export function countTiles(ranges: readonly TileRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1), 0)
}

export function* tilesOf(ranges: readonly TileRange[]): Generator<Tile> {
  for (const r of ranges) for (let x = r.minX; x <= r.maxX; x++) for (let y = r.minY; y <= r.maxY; y++) yield { z: r.z, x, y }
}

export function inRanges(ranges: readonly TileRange[], t: Tile): boolean {
  return ranges.some((r) => r.z === t.z && t.x >= r.minX && t.x <= r.maxX && t.y >= r.minY && t.y <= r.maxY)
}

/**
 * The absolute URL Leaflet's TileLayer builds for a tile: {s} is the subdomain Leaflet picks
 * ((x + y) mod n, 'abc' when none are given), {r} is empty (no retina tiles), {-y} the TMS row.
 */
export function tileUrl(template: string, subdomains: readonly string[], t: Tile, base: string): string {
  const subs = subdomains.length ? subdomains : ['a', 'b', 'c']
  const s = subs[Math.abs(t.x + t.y) % subs.length]!
  const url = template
    .replace(/\{s\}/g, s)
    .replace(/\{z\}/g, String(t.z))
    .replace(/\{x\}/g, String(t.x))
    .replace(/\{-y\}/g, String(2 ** t.z - 1 - t.y))
    .replace(/\{y\}/g, String(t.y))
    .replace(/\{r\}/g, '')
  return new URL(url, base).href
}

/** A box around points, widened by `padM` metres on every side (a community centre → its streets). */
export function bboxAround(points: readonly { lat: number; lng: number }[], padM: number): BBox | null {
  if (!points.length) return null
  const lats = points.map((p) => p.lat)
  const lngs = points.map((p) => p.lng)
  const south = Math.min(...lats)
  const north = Math.max(...lats)
  const dLat = padM / 111_320
  const dLng = padM / (111_320 * Math.cos((((south + north) / 2) * Math.PI) / 180))
  return { west: Math.min(...lngs) - dLng, south: south - dLat, east: Math.max(...lngs) + dLng, north: north + dLat }
}
