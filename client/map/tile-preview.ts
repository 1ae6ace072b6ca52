// The basemap tiles a Leaflet map's first view shows, worked out without Leaflet: the same spherical
// Mercator arithmetic, the same view for `fitBounds(points, pad 0.2, maxZoom)` or `setView(center,
// zoom)`, the same tile range, URLs and places as Leaflet 1.9's GridLayer gives on its first draw. A
// page draws them as plain images while the map's code still downloads and runs; Leaflet then draws the
// same images over them in the same places.
import type { Basemap } from '#domain/config.ts'

export interface PreviewTile {
  url: string
  /** Where the tile's top-left corner is, in CSS pixels from the map's top-left corner. */
  left: number
  top: number
  /** Its width and height in CSS pixels (256, or more when a zoom beyond the source's deepest scales it up). */
  size: number
  /** 0: the base tiles; 1: the label layer drawn over them. */
  layer: 0 | 1
}

export interface PreviewView {
  /** The map's size in CSS pixels (its container's clientWidth and clientHeight). */
  width: number
  height: number
  /** Points (already on the basemap's projection, [lat, lng]) the view fits, padded by a fifth, at most `zoom`. */
  fit: [number, number][]
  /** The view's centre when there are no points to fit. */
  center: [number, number]
  zoom: number
  /** A screen with more than one device pixel per CSS pixel: Leaflet's `{r}` becomes `@2x`. */
  retina: boolean
}

const TILE = 256
const R = 6378137
const MAX_LATITUDE = 85.0511287798
const TO_RAD = Math.PI / 180
const SCALE = 0.5 / (Math.PI * R)

interface Point {
  x: number
  y: number
}

const crsScale = (zoom: number) => TILE * Math.pow(2, zoom)

/** Leaflet's EPSG:3857 `project(latlng, zoom)`, operation for operation. */
function project([lat, lng]: [number, number], zoom: number): Point {
  const clamped = Math.max(Math.min(MAX_LATITUDE, lat), -MAX_LATITUDE)
  const sin = Math.sin(clamped * TO_RAD)
  const x = R * lng * TO_RAD
  const y = (R * Math.log((1 + sin) / (1 - sin))) / 2
  const s = crsScale(zoom)
  return { x: s * (SCALE * x + 0.5), y: s * (-SCALE * y + 0.5) }
}

/** Leaflet's EPSG:3857 `unproject(point, zoom)`. */
function unproject(p: Point, zoom: number): [number, number] {
  const s = crsScale(zoom)
  const x = (p.x / s - 0.5) / SCALE
  const y = (p.y / s - 0.5) / -SCALE
  const d = 180 / Math.PI
  return [(2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * d, (x * d) / R]
}

/** Leaflet's `fitBounds(bounds.pad(0.2), { maxZoom })` on a map with no view and no layers yet. */
function fitted(points: [number, number][], width: number, height: number, maxZoom: number): { center: [number, number]; zoom: number } {
  let [south, west, north, east] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lat, lng] of points) {
    south = Math.min(south, lat)
    north = Math.max(north, lat)
    west = Math.min(west, lng)
    east = Math.max(east, lng)
  }
  const hb = Math.abs(south - north) * 0.2
  const wb = Math.abs(west - east) * 0.2
  ;[south, north, west, east] = [south - hb, north + hb, west - wb, east + wb]
  // getBoundsZoom from zoom 0, snapped to whole levels.
  const se = project([south, east], 0)
  const nw = project([north, west], 0)
  const scale = Math.min(width / Math.abs(se.x - nw.x), height / Math.abs(se.y - nw.y))
  let zoom = Math.log((scale * crsScale(0)) / TILE) / Math.LN2
  if (isNaN(zoom)) zoom = Infinity
  zoom = Math.round(zoom / 0.01) * 0.01
  zoom = Math.max(0, Math.floor(zoom))
  zoom = Math.min(maxZoom, zoom)
  if (zoom === Infinity) return { center: [(south + north) / 2, (west + east) / 2], zoom }
  const sw = project([south, west], zoom)
  const ne = project([north, east], zoom)
  return { center: unproject({ x: (sw.x + ne.x) / 2, y: (sw.y + ne.y) / 2 }, zoom), zoom }
}

const PLACEHOLDER = /\{([^{}]+)\}/g
const KNOWN = new Set(['s', 'x', 'y', 'z', '-y', 'r'])

/** Leaflet's tile URL for a tile, or null for a template with a placeholder this module does not fill. */
function tileUrl(template: string, subdomains: string[], x: number, y: number, z: number, retina: boolean): string | null {
  for (const m of template.matchAll(PLACEHOLDER)) if (!KNOWN.has(m[1]!)) return null
  const subs = subdomains.length ? subdomains : ['a', 'b', 'c']
  const values: Record<string, string> = {
    s: subs[Math.abs(x + y) % subs.length]!,
    x: String(x),
    y: String(y),
    z: String(z),
    '-y': String(Math.pow(2, z) - 1 - y),
    r: retina ? '@2x' : '',
  }
  return template.replace(PLACEHOLDER, (_all, key: string) => values[key]!)
}

/**
 * The tiles Leaflet draws first for this basemap and view, base tiles first, then the label layer's;
 * none when the view's zoom is beyond the basemap's, or a URL template has a placeholder it does not know.
 */
export function previewTiles(basemap: Basemap, view: PreviewView): PreviewTile[] {
  const { width, height } = view
  if (width <= 0 || height <= 0) return []
  const { center, zoom } = view.fit.length ? fitted(view.fit, width, height, view.zoom) : { center: view.center, zoom: view.zoom }
  if (!Number.isFinite(zoom) || zoom > basemap.max_zoom) return []
  const nativeMax = basemap.max_native_zoom ? Math.min(basemap.max_native_zoom, basemap.max_zoom) : undefined
  const tileZoom = nativeMax !== undefined && zoom > nativeMax ? nativeMax : zoom
  const scale = crsScale(zoom) / crsScale(tileZoom)
  // The map's pixel origin, the tile level's origin and the level's offset, as GridLayer sets them.
  const c = project(center, zoom)
  const pixelOrigin = { x: Math.round(c.x - width / 2), y: Math.round(c.y - height / 2) }
  const lo = project(unproject(pixelOrigin, zoom), tileZoom)
  const levelOrigin = { x: Math.round(lo.x), y: Math.round(lo.y) }
  const translate = { x: Math.round(levelOrigin.x * scale - pixelOrigin.x), y: Math.round(levelOrigin.y * scale - pixelOrigin.y) }
  // The tile range around the centre.
  const pc = project(center, tileZoom)
  const pixelCenter = { x: Math.floor(pc.x), y: Math.floor(pc.y) }
  const half = { x: width / (scale * 2), y: height / (scale * 2) }
  const min = { x: Math.floor((pixelCenter.x - half.x) / TILE), y: Math.floor((pixelCenter.y - half.y) / TILE) }
  const max = { x: Math.ceil((pixelCenter.x + half.x) / TILE) - 1, y: Math.ceil((pixelCenter.y + half.y) / TILE) - 1 }
  const count = Math.pow(2, tileZoom)
  const templates = [basemap.url, ...(basemap.labels_url ? [basemap.labels_url] : [])]
  const tiles: PreviewTile[] = []
  for (const [layer, template] of templates.entries()) {
    for (let y = min.y; y <= max.y; y++) {
      if (y < 0 || y >= count) continue
      for (let x = min.x; x <= max.x; x++) {
        const url = tileUrl(template, basemap.subdomains, ((x % count) + count) % count, y, tileZoom, view.retina)
        if (url === null) return []
        tiles.push({
          url,
          left: translate.x + scale * (x * TILE - levelOrigin.x),
          top: translate.y + scale * (y * TILE - levelOrigin.y),
          size: TILE * scale,
          layer: layer === 0 ? 0 : 1,
        })
      }
    }
  }
  return tiles
}
