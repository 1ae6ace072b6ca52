// The coordinator's map as XYZ tiles (Web Mercator, the numbering of every slippy map): the integer
// grid the server aggregates reports on, and the answer of one tile. Shared by the server (which
// clusters) and the device (which asks for the tiles of its view and merges them).
import { z } from 'zod'
import { MapPoint } from './workflow.ts'
import { ReportKind, WorkflowStatus } from './report.ts'

/** World size in grid units: a position is two integers in [0, 2^30), ≈ 3.7 cm at the equator. */
export const GRID_BITS = 30
export const GRID = 2 ** GRID_BITS
/** A tile is split into 2^CELL_BITS × 2^CELL_BITS cells (8 × 8, 32 px cells on 256 px tiles); one cluster per cell. */
export const CELL_BITS = 3
/** The highest zoom a tile is asked for; a closer map view uses these tiles. */
export const TILE_MAX_ZOOM = 18
/** The lowest zoom that keeps cell counts of its own; a tile further out adds up that zoom's cells. */
export const TILE_CELL_MIN_ZOOM = 10
/** A cell with fewer reports than this lists them as points instead of one cluster. */
export const CLUSTER_MIN_POINTS = 3
/**
 * At TILE_MAX_ZOOM, where zooming in splits nothing more, a cell lists up to this many reports as
 * points and a denser one answers one cluster whose reports are listed on request (`CellReports`): a
 * tile holds at most 64 × this many points whatever the density.
 */
export const MAX_ZOOM_CELL_POINTS = 10
/** Reports per page of a cell's list. */
export const CELL_REPORTS_PAGE = 50

/** The problem type of a tile asked for while the subdistrict's map is still being built: a 503 with Retry-After. */
export const MAP_PREPARING_TYPE = 'https://lastmile.local/problems/map-preparing'
/** Seconds a device waits before asking again for a tile of a map being built. */
export const MAP_RETRY_SECONDS = 3

/** How far a map build has come, sent as `map_build` in the "being prepared" problem. */
export const MapBuildProgress = z.object({
  phase: z.enum(['indexing', 'catching_up']),
  done: z.number().int(),
  total: z.number().int(),
  percent: z.number().int().min(0).max(100),
})
export type MapBuildProgress = z.infer<typeof MapBuildProgress>

/** Web Mercator's edge: latitudes beyond it are drawn at it. */
export const MAX_LAT = 85.05112878

/** Web Mercator grid position of a WGS-84 point: [gx, gy], integers, y grows southwards. */
export function toGrid(lat: number, lng: number): [number, number] {
  const la = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat))
  const s = Math.sin((la * Math.PI) / 180)
  const x = (lng + 180) / 360
  const y = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
  const clamp = (v: number) => Math.max(0, Math.min(GRID - 1, Math.floor(v * GRID)))
  return [clamp(x), clamp(y)]
}

/** WGS-84 of a (possibly fractional) grid position. */
export function fromGrid(gx: number, gy: number): { lat: number; lng: number } {
  const lng = (gx / GRID) * 360 - 180
  const n = Math.PI - (2 * Math.PI * gy) / GRID
  const lat = (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)))
  return { lat, lng }
}

/** The tile of zoom `z` holding a grid position. */
export const tileOf = (g: readonly [number, number], z: number): [number, number] => [
  Math.floor(g[0] / 2 ** (GRID_BITS - z)),
  Math.floor(g[1] / 2 ** (GRID_BITS - z)),
]

/** A tile's grid range, inclusive: [x0, y0, x1, y1]. */
export function tileGridRange(z: number, x: number, y: number): [number, number, number, number] {
  const size = 2 ** (GRID_BITS - z)
  return [x * size, y * size, (x + 1) * size - 1, (y + 1) * size - 1]
}

/** A tile's WGS-84 box. */
export function tileBounds(z: number, x: number, y: number) {
  const [x0, y0, x1, y1] = tileGridRange(z, x, y)
  const nw = fromGrid(x0, y0)
  const se = fromGrid(x1 + 1, y1 + 1)
  return { west: nw.lng, north: nw.lat, east: se.lng, south: se.lat }
}

/** The tiles of zoom `z` covering a WGS-84 box (at most `max`, nearest the centre first). */
export function tilesCovering(b: { west: number; south: number; east: number; north: number }, z: number, max = 64): { z: number; x: number; y: number }[] {
  const [ax, ay] = tileOf(toGrid(b.north, b.west), z)
  const [bx, by] = tileOf(toGrid(b.south, b.east), z)
  const out: { z: number; x: number; y: number }[] = []
  for (let y = ay; y <= by; y++) for (let x = ax; x <= bx; x++) out.push({ z, x, y })
  const cx = (ax + bx) / 2
  const cy = (ay + by) / 2
  out.sort((p, q) => Math.hypot(p.x - cx, p.y - cy) - Math.hypot(q.x - cx, q.y - cy))
  return out.slice(0, max)
}

/**
 * A cluster: [lat, lng, number of reports] at the mean position of its reports; at TILE_MAX_ZOOM a
 * fourth member, the cell of the tile's 8 × 8 grid it stands for (row × 8 + column), names the cell
 * whose reports `GET …/tiles/{z}/{x}/{y}/cells/{cell}` lists.
 */
export const MapCluster = z.union([
  z.tuple([z.number(), z.number(), z.number().int().min(1)]),
  z.tuple([z.number(), z.number(), z.number().int().min(1), z.number().int().min(0).max(63)]),
])
export type MapCluster = z.infer<typeof MapCluster>

/** Cells per side of a tile's grid. */
export const CELLS_PER_SIDE = 2 ** CELL_BITS

/** The cell number (row × 8 + column) of a cell of a tile, from its column and row inside the tile. */
export const cellNumber = (column: number, row: number) => row * CELLS_PER_SIDE + column

/** One map tile: clusters of the cells with many reports, and the reports of the others as points. */
export const MapTile = z.object({
  z: z.number().int(),
  x: z.number().int(),
  y: z.number().int(),
  clusters: z.array(MapCluster),
  points: z.array(MapPoint),
  /** Always false: every tile is bounded by its clusters (kept for devices that still read it). */
  truncated: z.boolean(),
})
export type MapTile = z.infer<typeof MapTile>

/** Reports a tile answer stands for: the sum of its cluster counts and its points. */
export const tileReportCount = (t: Pick<MapTile, 'clusters' | 'points'>) => t.clusters.reduce((s, c) => s + c[2], 0) + t.points.length

/** A report in the list of a cell's reports: what a coordinator picks one by. */
export const CellReport = z.object({
  id: z.string(),
  kind: ReportKind,
  workflow_status: WorkflowStatus,
  address: z.string(),
  observed_at: z.string(),
  lat: z.number(),
  lng: z.number(),
})
export type CellReport = z.infer<typeof CellReport>

/** One page of a cell's reports under the map's filter, newest first; `next` is the `before` of the next page. */
export const CellReports = z.object({
  total: z.number().int().min(0),
  items: z.array(CellReport),
  next: z.string().nullable(),
})
export type CellReports = z.infer<typeof CellReports>
