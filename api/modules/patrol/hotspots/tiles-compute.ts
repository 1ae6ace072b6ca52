// One tile's answer, computed (tiles.ts keeps it by ETag): the tile's 8 × 8 cells from the cell counts,
// a cluster per cell with many reports and the reports of the others as points. At the closest zoom a
// cell lists up to MAX_ZOOM_CELL_POINTS reports and a denser one is a cluster too (its reports are
// listed by `cellReports`), so every tile reads and answers a bounded amount whatever the density.
// Reports are read from the map index by Morton key range (a cell is one range).
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import { WORKFLOW_STATUSES, type MapPoint, type ReviewFilter } from '#domain/patrol/workflow.ts'
import {
  CELL_BITS,
  CELLS_PER_SIDE,
  CLUSTER_MIN_POINTS,
  GRID_BITS,
  MAX_ZOOM_CELL_POINTS,
  TILE_CELL_MIN_ZOOM,
  TILE_MAX_ZOOM,
  cellNumber,
  fromGrid,
  tileBounds,
  tileGridRange,
  type MapCluster,
  type MapTile,
} from '#domain/patrol/map-tiles.ts'
import { filteredReports } from './filter.ts'
import { gridOf, type Db, type Indexed } from './tiles-fold.ts'
import { mortonRange } from './tiles-morton.ts'

const round6 = (v: number) => Math.round(v * 1e6) / 1e6

/** Filters the cell table cannot answer (it keeps kind, status and community only). */
export const needsReports = (f: ReviewFilter) => Boolean(f.from || f.to || f.operator?.length)

const pointOf = (r: { report_id: string; gx: number; gy: number; kind: string; status: string }): MapPoint => {
  const p = fromGrid(r.gx + 0.5, r.gy + 0.5)
  return [r.report_id, round6(p.lat), round6(p.lng), REPORT_KINDS.indexOf(r.kind as never), WORKFLOW_STATUSES.indexOf(r.status as never)]
}

/** A cell of a tile's 8 × 8 grid, in cell units of level z + CELL_BITS. */
interface Cell {
  gx: number
  gy: number
}

interface Group extends Cell {
  n: number
  sx: number
  sy: number
}

/**
 * Clusters of the groups with many reports; the rest become points, read by `pointsIn`. At the closest
 * zoom a cluster also names its cell (row × 8 + column of the tile's grid), whose reports can be listed.
 */
async function assemble(
  z: number,
  x: number,
  y: number,
  groups: Group[],
  pointsIn: (cells: Cell[]) => Promise<Indexed[]>,
): Promise<{ clusters: MapCluster[]; points: MapPoint[] }> {
  const closest = z >= TILE_MAX_ZOOM
  const clusters: MapCluster[] = []
  const few: Cell[] = []
  for (const g of groups.sort((a, b) => a.gy - b.gy || a.gx - b.gx)) {
    if (closest ? g.n > MAX_ZOOM_CELL_POINTS : g.n >= CLUSTER_MIN_POINTS) {
      const c = fromGrid(g.sx / g.n + 0.5, g.sy / g.n + 0.5)
      clusters.push(
        closest ? [round6(c.lat), round6(c.lng), g.n, cellNumber(g.gx - x * CELLS_PER_SIDE, g.gy - y * CELLS_PER_SIDE)] : [round6(c.lat), round6(c.lng), g.n],
      )
    } else if (g.n > 0) few.push({ gx: g.gx, gy: g.gy })
  }
  const points = few.length ? (await pointsIn(few)).sort((a, b) => (a.report_id < b.report_id ? -1 : 1)).map(pointOf) : []
  return { clusters, points }
}

/** The map index under the filter's kind, status and community (all in the Morton index, so no row is read). */
export function indexIn(db: Db, sd: string, f: ReviewFilter) {
  let q = db.selectFrom('patrol_map_index').select(['report_id', 'gx', 'gy', 'm', 'kind', 'status', 'community_id']).where('subdistrict_id', '=', sd)
  if (f.kind?.length) q = q.where('kind', 'in', f.kind)
  if (f.status?.length) q = q.where('status', 'in', f.status)
  if (f.community?.length) q = q.where('community_id', 'in', f.community)
  return q
}

/**
 * The indexed reports in squares of one level (tiles or cells): each square is one Morton key range
 * (adjacent ones merged), read as its own range scan. One query of the ranges joined by UNION ALL, as an
 * OR of them lets SQLite plan a scan of the whole subdistrict's index.
 */
function indexInSquares(db: Db, sd: string, f: ReviewFilter, level: number, squares: readonly Cell[]) {
  const ranges = squares.map((c) => mortonRange(level, c.gx, c.gy)).sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged.at(-1)
    if (last && last[1] >= r[0]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  const part = ([from, to]: [number, number]) => indexIn(db, sd, f).where('m', '>=', from).where('m', '<', to)
  return merged.slice(1).reduce((q, r) => q.unionAll(part(r)), part(merged[0]!))
}

/** A tile from the cell counts (kind, status and community filters): a bounded read at any number of reports. */
async function tileFromCells(db: Db, sd: string, f: ReviewFilter, z: number, x: number, y: number) {
  const level = Math.max(z, TILE_CELL_MIN_ZOOM) + CELL_BITS
  const per = 2 ** (level - z)
  const d = sql.lit(2 ** (level - z - CELL_BITS))
  let q = db
    .selectFrom('patrol_map_cells')
    .select([
      sql<number>`cx / ${d}`.as('gx'),
      sql<number>`cy / ${d}`.as('gy'),
      sql<number>`sum(n)`.as('n'),
      sql<number>`sum(sx)`.as('sx'),
      sql<number>`sum(sy)`.as('sy'),
    ])
    .where('subdistrict_id', '=', sd)
    .where('level', '=', level)
  // The tile's columns one by one: each is a seek on (level, cx) and a range of cy, where a range of cx
  // would read the cells of every row of the map in those columns.
  q =
    per <= 2 ** CELL_BITS
      ? q.where(
          'cx',
          'in',
          Array.from({ length: per }, (_, i) => x * per + i),
        )
      : q.where('cx', '>=', x * per).where('cx', '<', (x + 1) * per)
  q = q.where('cy', '>=', y * per).where('cy', '<', (y + 1) * per)
  if (f.kind?.length) q = q.where('kind', 'in', f.kind)
  if (f.status?.length) q = q.where('status', 'in', f.status)
  if (f.community?.length) q = q.where('community_id', 'in', f.community)
  const rows = await q.groupBy([sql`cx / ${d}`, sql`cy / ${d}`]).execute()
  const groups = rows.map((r) => ({ gx: Number(r.gx), gy: Number(r.gy), n: Number(r.n), sx: Number(r.sx), sy: Number(r.sy) }))
  return assemble(z, x, y, groups, (cells) => indexInSquares(db, sd, f, z + CELL_BITS, cells).execute())
}

/** The filter's reports inside a tile, from the reports themselves (dates and operators need them). */
async function reportsInTile(db: Db, sd: string, f: ReviewFilter, z: number, x: number, y: number): Promise<Indexed[]> {
  const b = tileBounds(z, x, y)
  const pad = 1e-6
  const [x0, y0, x1, y1] = tileGridRange(z, x, y)
  const rows = await filteredReports(db as Kysely<DB>, sd, f)
    .select(['r.id', 'r.lat', 'r.lng', 'r.kind', 'r.workflow_status', 'r.community_id'])
    .where('r.lat', '>=', b.south - pad)
    .where('r.lat', '<=', b.north + pad)
    .where('r.lng', '>=', b.west - pad)
    .where('r.lng', '<=', b.east + pad)
    .execute()
  return rows
    .map((r) => ({ report_id: r.id, ...gridOf(r), kind: r.kind, status: r.workflow_status, community_id: r.community_id }))
    .filter((r) => r.gx >= x0 && r.gx <= x1 && r.gy >= y0 && r.gy <= y1)
}

/** A clusters tile grouped from the reports themselves. */
async function tileFromReports(db: Db, sd: string, f: ReviewFilter, z: number, x: number, y: number) {
  const members = await reportsInTile(db, sd, f, z, x, y)
  const size = 2 ** (GRID_BITS - z - CELL_BITS)
  const by = new Map<string, Group & { rows: Indexed[] }>()
  for (const r of members) {
    const gx = Math.floor(r.gx / size)
    const gy = Math.floor(r.gy / size)
    const key = `${gx}|${gy}`
    const g = by.get(key) ?? { gx, gy, n: 0, sx: 0, sy: 0, rows: [] }
    g.n++
    g.sx += r.gx
    g.sy += r.gy
    g.rows.push(r)
    by.set(key, g)
  }
  return assemble(z, x, y, [...by.values()], async (cells) => cells.flatMap((c) => by.get(`${c.gx}|${c.gy}`)?.rows ?? []))
}

/** Computes one tile's answer (no cache). */
export async function computeTile(db: Db, sd: string, f: ReviewFilter, z: number, x: number, y: number): Promise<MapTile> {
  const body = needsReports(f) ? await tileFromReports(db, sd, f, z, x, y) : await tileFromCells(db, sd, f, z, x, y)
  return { z, x, y, ...body, truncated: false }
}
