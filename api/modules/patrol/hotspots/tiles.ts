// The coordinator's map as XYZ tiles. Three tables keep it cheap at any number of reports:
// patrol_map_index (each placed report's grid position, kind, status, community), patrol_map_cells
// (report counts per cell of every tile zoom, 8 × 8 cells a tile) and patrol_map_tiles (one version
// per tile). They follow the sync change log: before a tile is answered, the changes logged since the
// last read are folded in (a report's old and new cells and tiles, at every zoom), in a transaction
// that holds the subdistrict's change-log lock. A tile's ETag is its version with the filter, so an
// unchanged tile is a 304 without reading a report.
import { createHash, randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { PatrolMapIndexTable } from './tables.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import { WORKFLOW_STATUSES, type MapPoint, type ReviewFilter } from '#domain/patrol/workflow.ts'
import {
  CELL_BITS,
  CLUSTER_MIN_POINTS,
  GRID,
  GRID_BITS,
  TILE_CELL_MIN_ZOOM,
  TILE_CLUSTER_MAX_ZOOM,
  TILE_MAX_POINTS,
  TILE_MAX_ZOOM,
  MAX_LAT,
  fromGrid,
  tileBounds,
  tileGridRange,
  toGrid,
  type MapCluster,
  type MapTile,
} from '#domain/patrol/map-tiles.ts'
import { filteredReports } from './filter.ts'

type Db = Kysely<DB> | Transaction<DB>

/** Cell levels kept in patrol_map_cells: a tile of zoom z uses level z + CELL_BITS. */
export const CELL_LEVELS: readonly number[] = Array.from(
  { length: TILE_CLUSTER_MAX_ZOOM - TILE_CELL_MIN_ZOOM + 1 },
  (_, i) => TILE_CELL_MIN_ZOOM + i + CELL_BITS,
)
const ROWS_PER_INSERT = 100
const round6 = (v: number) => Math.round(v * 1e6) / 1e6

/** A report as the map index holds it. */
type Indexed = Omit<PatrolMapIndexTable, 'subdistrict_id'>

/** The tiles holding a grid position at every zoom 0…TILE_MAX_ZOOM, as `z/x/y`. */
export function tilesAt(gx: number, gy: number): string[] {
  const out: string[] = []
  for (let z = 0; z <= TILE_MAX_ZOOM; z++) out.push(`${z}/${Math.floor(gx / 2 ** (GRID_BITS - z))}/${Math.floor(gy / 2 ** (GRID_BITS - z))}`)
  return out
}

// ---------------------------------------------------------------------------------------------------
// Keeping the tables up to date

export interface MapState {
  seq: number
  epoch: string
}

/** Per database handle: the state this process last saw, so an up-to-date map costs one counter read. */
const seen = new WeakMap<object, Map<string, MapState>>()

async function counterSeq(db: Db, sd: string): Promise<number> {
  const row = await db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', sd).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/**
 * Brings the map tables up to the change log and answers their state. The first call for a subdistrict
 * builds them from the reports; later calls fold in only the changes logged since.
 */
export async function freshMapState(db: Kysely<DB>, sd: string): Promise<MapState> {
  const mine = seen.get(db) ?? new Map<string, MapState>()
  seen.set(db, mine)
  const known = mine.get(sd)
  if (known && known.seq >= (await counterSeq(db, sd))) return known
  const state = await db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const top = await counterSeq(tx, sd)
    const row = await tx.selectFrom('patrol_map_state').select(['seq', 'epoch']).where('subdistrict_id', '=', sd).executeTakeFirst()
    if (!row) return rebuildMapIndex(tx, sd, top)
    const at = { seq: Number(row.seq), epoch: row.epoch }
    if (at.seq >= top) return at
    await foldChanges(tx, sd, at.seq, top)
    await tx.updateTable('patrol_map_state').set({ seq: top }).where('subdistrict_id', '=', sd).execute()
    return { seq: top, epoch: at.epoch }
  })
  mine.set(sd, state)
  return state
}

/** Forgets what this process saw (a test that rewrites the tables behind the change log's back). */
export const forgetMapState = (db: object) => seen.delete(db)

/**
 * Builds the map tables of a subdistrict from its reports, as of change-log seq `seq`, under a new
 * epoch (so no ETag of an earlier build matches). Call it inside a transaction holding the counter lock.
 */
export async function rebuildMapIndex(tx: Db, sd: string, seq: number): Promise<MapState> {
  for (const t of ['patrol_map_index', 'patrol_map_cells', 'patrol_map_tiles', 'patrol_map_state'] as const)
    await tx.deleteFrom(t).where('subdistrict_id', '=', sd).execute()
  // One statement: toGrid() in SQL (both databases have ln, sin, radians and pi), so a million
  // reports never travel to the server process and back.
  const G = sql.lit(GRID)
  const L = sql.lit(MAX_LAT)
  await sql`insert into patrol_map_index (subdistrict_id, report_id, gx, gy, kind, status, community_id)
    select subdistrict_id, id,
      case when fx < 0 then 0 when fx >= ${G} then ${G} - 1 else cast(floor(fx) as integer) end,
      case when fy < 0 then 0 when fy >= ${G} then ${G} - 1 else cast(floor(fy) as integer) end,
      kind, workflow_status, community_id
    from (
      select subdistrict_id, id, kind, workflow_status, community_id,
        (lng + 180) / 360 * ${G} as fx,
        (0.5 - ln((1 + sin(radians(la))) / (1 - sin(radians(la)))) / (4 * pi())) * ${G} as fy
      from (
        select subdistrict_id, id, kind, workflow_status, community_id, lng,
          case when lat > ${L} then ${L} when lat < -${L} then -${L} else lat end as la
        from patrol_reports where subdistrict_id = ${sd} and needs_position = 0
      ) c
    ) p`.execute(tx)
  for (const level of CELL_LEVELS) {
    const d = sql.lit(2 ** (GRID_BITS - level))
    await sql`insert into patrol_map_cells (subdistrict_id, level, cx, cy, kind, status, community_id, n, sx, sy)
      select subdistrict_id, ${sql.lit(level)}, gx / ${d}, gy / ${d}, kind, status, community_id, count(*), sum(gx), sum(gy)
      from patrol_map_index where subdistrict_id = ${sd}
      group by subdistrict_id, gx / ${d}, gy / ${d}, kind, status, community_id`.execute(tx)
  }
  const state = { seq, epoch: randomUUID().slice(0, 8) }
  await tx
    .insertInto('patrol_map_state')
    .values({ subdistrict_id: sd, ...state })
    .execute()
  return state
}

/** The reports the changes in (from, to] touched: reports themselves, and the report of each sighting. */
async function touchedReports(tx: Db, sd: string, from: number, to: number): Promise<string[]> {
  const ids = new Set<string>()
  let after = from
  for (;;) {
    const rows = await tx
      .selectFrom('change_log')
      .select(['seq', 'entity', 'entity_id', 'record'])
      .where('subdistrict_id', '=', sd)
      .where('seq', '>', after)
      .where('seq', '<=', to)
      .where('entity', 'in', ['report', 'observation'])
      .orderBy('seq')
      .limit(1000)
      .execute()
    if (!rows.length) break
    after = Number(rows.at(-1)!.seq)
    for (const r of rows) {
      if (r.entity === 'report') ids.add(r.entity_id)
      else if (r.record) {
        const rec = JSON.parse(r.record) as { report_id?: unknown }
        if (typeof rec.report_id === 'string') ids.add(rec.report_id)
      }
    }
  }
  return [...ids]
}

/** Folds the changes in (from, to] into the map tables: each touched report's old and new place. */
async function foldChanges(tx: Db, sd: string, from: number, to: number): Promise<void> {
  const ids = await touchedReports(tx, sd, from, to)
  const tiles = new Set<string>()
  const deltas = new Map<string, { n: number; sx: number; sy: number }>()
  const addCells = (r: Indexed, sign: 1 | -1) => {
    for (const level of CELL_LEVELS) {
      const d = 2 ** (GRID_BITS - level)
      const key = [level, Math.floor(r.gx / d), Math.floor(r.gy / d), r.kind, r.status, r.community_id].join('|')
      const c = deltas.get(key) ?? { n: 0, sx: 0, sy: 0 }
      c.n += sign
      c.sx += sign * r.gx
      c.sy += sign * r.gy
      deltas.set(key, c)
    }
  }
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const olds = new Map(
      (await tx.selectFrom('patrol_map_index').selectAll().where('subdistrict_id', '=', sd).where('report_id', 'in', chunk).execute()).map((r) => [
        r.report_id,
        r,
      ]),
    )
    const nows = new Map(
      (
        await tx
          .selectFrom('patrol_reports')
          .select(['id', 'lat', 'lng', 'kind', 'workflow_status', 'community_id', 'needs_position'])
          .where('subdistrict_id', '=', sd)
          .where('id', 'in', chunk)
          .execute()
      ).map((r) => [r.id, r]),
    )
    for (const id of chunk) {
      const old = olds.get(id)
      const now = nows.get(id)
      const placed: Indexed | undefined =
        now && now.needs_position === 0
          ? { report_id: id, ...gridOf(now), kind: now.kind, status: now.workflow_status, community_id: now.community_id }
          : undefined
      if (old) {
        addCells(old, -1)
        for (const t of tilesAt(old.gx, old.gy)) tiles.add(t)
        await tx.deleteFrom('patrol_map_index').where('subdistrict_id', '=', sd).where('report_id', '=', id).execute()
      }
      if (placed) {
        addCells(placed, 1)
        for (const t of tilesAt(placed.gx, placed.gy)) tiles.add(t)
        await tx
          .insertInto('patrol_map_index')
          .values({ subdistrict_id: sd, ...placed })
          .execute()
      }
    }
  }
  const cellRows = [...deltas]
    .filter(([, c]) => c.n !== 0 || c.sx !== 0 || c.sy !== 0)
    .map(([key, c]) => {
      const [level, cx, cy, kind, status, community_id] = key.split('|') as [string, string, string, string, string, string]
      return { subdistrict_id: sd, level: Number(level), cx: Number(cx), cy: Number(cy), kind, status, community_id, ...c }
    })
  for (let i = 0; i < cellRows.length; i += ROWS_PER_INSERT)
    await tx
      .insertInto('patrol_map_cells')
      .values(cellRows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) =>
        oc.columns(['subdistrict_id', 'level', 'cx', 'cy', 'kind', 'status', 'community_id']).doUpdateSet((eb) => ({
          n: eb('patrol_map_cells.n', '+', eb.ref('excluded.n')),
          sx: eb('patrol_map_cells.sx', '+', eb.ref('excluded.sx')),
          sy: eb('patrol_map_cells.sy', '+', eb.ref('excluded.sy')),
        })),
      )
      .execute()
  // Emptied cells go, so the table holds only places that have reports.
  for (const r of cellRows.filter((c) => c.n < 0))
    await tx
      .deleteFrom('patrol_map_cells')
      .where('subdistrict_id', '=', sd)
      .where('level', '=', r.level)
      .where('cx', '=', r.cx)
      .where('cy', '=', r.cy)
      .where('kind', '=', r.kind)
      .where('status', '=', r.status)
      .where('community_id', '=', r.community_id)
      .where('n', '<=', 0)
      .execute()
  const tileRows = [...tiles].map((t) => {
    const [z, x, y] = t.split('/').map(Number) as [number, number, number]
    return { subdistrict_id: sd, z, x, y, seq: to }
  })
  for (let i = 0; i < tileRows.length; i += ROWS_PER_INSERT)
    await tx
      .insertInto('patrol_map_tiles')
      .values(tileRows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['subdistrict_id', 'z', 'x', 'y']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') })))
      .execute()
}

const gridOf = (r: { lat: number; lng: number }) => {
  const [gx, gy] = toGrid(r.lat, r.lng)
  return { gx, gy }
}

// ---------------------------------------------------------------------------------------------------
// Answering a tile

/** The filter in one canonical text: equal filters give equal keys whatever the order of their values. */
export function filterKey(f: ReviewFilter): string {
  const list = (v: readonly string[] | undefined) => [...(v ?? [])].sort().join(',')
  return [f.from ?? '', f.to ?? '', list(f.community), list(f.kind), list(f.operator), list(f.status)].join(';')
}

/** A tile's version: the seq of the last change to a report in it (0: none since the build). */
export async function tileVersion(db: Db, sd: string, z: number, x: number, y: number): Promise<number> {
  const row = await db
    .selectFrom('patrol_map_tiles')
    .select('seq')
    .where('subdistrict_id', '=', sd)
    .where('z', '=', z)
    .where('x', '=', x)
    .where('y', '=', y)
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/** Strong validator of one tile under one filter: the build, the tile, its version and the filter. */
export function tileEtag(state: MapState, z: number, x: number, y: number, version: number, f: ReviewFilter): string {
  const h = createHash('sha256').update(filterKey(f)).digest('base64url').slice(0, 12)
  return `"${state.epoch}-${z}-${x}-${y}-${version}-${h}"`
}

/** Filters the cell table cannot answer (it keeps kind, status and community only). */
const needsReports = (f: ReviewFilter) => Boolean(f.from || f.to || f.operator?.length)

const pointOf = (r: { report_id: string; gx: number; gy: number; kind: string; status: string }): MapPoint => {
  const p = fromGrid(r.gx + 0.5, r.gy + 0.5)
  return [r.report_id, round6(p.lat), round6(p.lng), REPORT_KINDS.indexOf(r.kind as never), WORKFLOW_STATUSES.indexOf(r.status as never)]
}

interface Group {
  /** Cell of the tile's 8 × 8 grid, in cell units of level z + CELL_BITS. */
  gx: number
  gy: number
  n: number
  sx: number
  sy: number
}

/** Clusters of the groups with many reports; the rest become points, read by `pointsIn`. */
async function assemble(
  z: number,
  groups: Group[],
  pointsIn: (cells: { x0: number; y0: number; x1: number; y1: number }[]) => Promise<Indexed[]>,
): Promise<{ clusters: MapCluster[]; points: MapPoint[] }> {
  const clusters: MapCluster[] = []
  const few: { x0: number; y0: number; x1: number; y1: number }[] = []
  const size = 2 ** (GRID_BITS - z - CELL_BITS)
  for (const g of groups.sort((a, b) => a.gy - b.gy || a.gx - b.gx)) {
    if (g.n >= CLUSTER_MIN_POINTS) {
      const c = fromGrid(g.sx / g.n + 0.5, g.sy / g.n + 0.5)
      clusters.push([round6(c.lat), round6(c.lng), g.n])
    } else if (g.n > 0) few.push({ x0: g.gx * size, y0: g.gy * size, x1: (g.gx + 1) * size - 1, y1: (g.gy + 1) * size - 1 })
  }
  const points = few.length ? (await pointsIn(few)).sort((a, b) => (a.report_id < b.report_id ? -1 : 1)).map(pointOf) : []
  return { clusters, points }
}

function indexIn(db: Db, sd: string, f: ReviewFilter) {
  let q = db.selectFrom('patrol_map_index').select(['report_id', 'gx', 'gy', 'kind', 'status', 'community_id']).where('subdistrict_id', '=', sd)
  if (f.kind?.length) q = q.where('kind', 'in', f.kind)
  if (f.status?.length) q = q.where('status', 'in', f.status)
  if (f.community?.length) q = q.where('community_id', 'in', f.community)
  return q
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
    .where('cx', '>=', x * per)
    .where('cx', '<', (x + 1) * per)
    .where('cy', '>=', y * per)
    .where('cy', '<', (y + 1) * per)
  if (f.kind?.length) q = q.where('kind', 'in', f.kind)
  if (f.status?.length) q = q.where('status', 'in', f.status)
  if (f.community?.length) q = q.where('community_id', 'in', f.community)
  const rows = await q.groupBy([sql`cx / ${d}`, sql`cy / ${d}`]).execute()
  const groups = rows.map((r) => ({ gx: Number(r.gx), gy: Number(r.gy), n: Number(r.n), sx: Number(r.sx), sy: Number(r.sy) }))
  return assemble(z, groups, (cells) =>
    indexIn(db, sd, f)
      .where((eb) => eb.or(cells.map((c) => eb.and([eb('gx', '>=', c.x0), eb('gx', '<=', c.x1), eb('gy', '>=', c.y0), eb('gy', '<=', c.y1)]))))
      .execute(),
  )
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
  const groups = [...by.values()]
  return assemble(z, groups, async (cells) => groups.filter((g) => cells.some((c) => c.x0 === g.gx * size && c.y0 === g.gy * size)).flatMap((g) => g.rows))
}

/** Computes one tile's answer (no cache). */
export async function computeTile(db: Db, sd: string, f: ReviewFilter, z: number, x: number, y: number): Promise<MapTile> {
  if (z >= TILE_CLUSTER_MAX_ZOOM + 1) {
    const [x0, y0, x1, y1] = tileGridRange(z, x, y)
    const rows = needsReports(f)
      ? (await reportsInTile(db, sd, f, z, x, y)).sort((a, b) => (a.report_id < b.report_id ? -1 : 1)).slice(0, TILE_MAX_POINTS + 1)
      : await indexIn(db, sd, f)
          .where('gx', '>=', x0)
          .where('gx', '<=', x1)
          .where('gy', '>=', y0)
          .where('gy', '<=', y1)
          .orderBy('report_id')
          .limit(TILE_MAX_POINTS + 1)
          .execute()
    return { z, x, y, clusters: [], points: rows.slice(0, TILE_MAX_POINTS).map(pointOf), truncated: rows.length > TILE_MAX_POINTS }
  }
  const body = needsReports(f) ? await tileFromReports(db, sd, f, z, x, y) : await tileFromCells(db, sd, f, z, x, y)
  return { z, x, y, ...body, truncated: false }
}

/** Answers by ETag, per database handle: a tile asked again under the same version is not computed again. */
interface Cached {
  body: MapTile
  json: string
  gzip?: Uint8Array
}
const bodies = new WeakMap<object, Map<string, Cached>>()
const MAX_CACHED = 4000

export interface TileAnswer {
  /** Strong: the gzip answer has its own tag (`…-gz`), as its bytes differ. */
  etag: string
  /** Undefined when If-None-Match already names this version. */
  body?: MapTile
  /** The answer's bytes: JSON, or gzip of it when asked for. */
  bytes?: Uint8Array | string
  encoding?: 'gzip'
}

/** Weak comparison, as If-None-Match is defined: `W/"x"` matches `"x"`. */
const matches = (ifNoneMatch: string | undefined, etag: string) =>
  Boolean(ifNoneMatch) && (ifNoneMatch!.trim() === '*' || ifNoneMatch!.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))

/**
 * One tile for the coordinator's map: its ETag, and its body unless `ifNoneMatch` names it. With
 * `gzip`, the bytes are compressed once per tile version and kept with it.
 */
export async function mapTile(
  db: Kysely<DB>,
  sd: string,
  f: ReviewFilter,
  t: { z: number; x: number; y: number },
  ifNoneMatch?: string,
  gzip = false,
): Promise<TileAnswer> {
  const { z, x, y } = t
  const state = await freshMapState(db, sd)
  const base = tileEtag(state, z, x, y, await tileVersion(db, sd, z, x, y), f)
  const etag = gzip ? `${base.slice(0, -1)}-gz"` : base
  if (matches(ifNoneMatch, etag)) return { etag }
  const cache = bodies.get(db) ?? new Map<string, Cached>()
  bodies.set(db, cache)
  const key = `${sd}|${base}`
  let hit = cache.get(key)
  if (hit) {
    // Least recently used goes first: a hit moves to the end.
    cache.delete(key)
  } else {
    const body = await computeTile(db, sd, f, z, x, y)
    hit = { body, json: JSON.stringify(body) }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!)
  }
  cache.set(key, hit)
  if (!gzip) return { etag, body: hit.body, bytes: hit.json }
  hit.gzip ??= gzipSync(hit.json)
  return { etag, body: hit.body, bytes: hit.gzip, encoding: 'gzip' }
}
