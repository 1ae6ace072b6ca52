// The coordinator's map as XYZ tiles. Three tables keep it cheap at any number of reports:
// patrol_map_index (each placed report's grid position, kind, status, community), patrol_map_cells
// (report counts per cell of every tile zoom, 8 × 8 cells a tile) and patrol_map_tiles (one version
// per tile). They are built in the background in short steps and follow the sync change log: before a
// tile is answered, the changes logged since the last read are folded in (a report's old and new cells
// and tiles, at every zoom), in transactions that hold the map's own state row, not the change-log
// lock. A tile's ETag is its version with the filter, so an unchanged tile is a 304 without reading a report.
import { createHash, randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { MapBuildPhase, PatrolMapIndexTable } from './tables.ts'
import { refused, type ProblemError } from '../../../http/problem.ts'
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
  MAP_PREPARING_TYPE,
  MAP_RETRY_SECONDS,
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
// Building the tables and keeping them up to date
//
// A build runs in steps, each its own short transaction behind the subdistrict's map-state row (never
// the change-log counter, so sync pushes and other writers are not held up): it clears what an earlier
// build left, notes the change-log seq it starts from, copies the placed reports in by id a chunk at a
// time (index rows and their cell counts together), then folds in the changes logged since it began.
// Only then are tiles answered; until then a tile request is told the map is being prepared.

export interface MapState {
  seq: number
  epoch: string
}

/** How far a build not finished yet has come: what the "being prepared" answer tells the coordinator. */
export interface MapProgress {
  phase: 'indexing' | 'catching_up'
  /** Placed reports copied in so far, and how many there were when the build began. */
  done: number
  total: number
}

interface StateRow extends MapState {
  phase: MapBuildPhase
  cursor: string | null
  done: number
  total: number
}

/** Per database handle: the state this process last saw, so an up-to-date map costs one counter read. */
const seen = new WeakMap<object, Map<string, MapState>>()
/** The fold under way per subdistrict in this process: concurrent tile requests wait for it instead of each taking a connection to queue on the map-state lock. */
const folding = new WeakMap<object, Map<string, Promise<MapState>>>()

async function counterSeq(db: Db, sd: string): Promise<number> {
  const row = await db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', sd).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

const newEpoch = () => randomUUID().slice(0, 8)

async function readState(db: Db, sd: string): Promise<StateRow | undefined> {
  const row = await db
    .selectFrom('patrol_map_state')
    .select(['seq', 'epoch', 'phase', 'cursor', 'done', 'total'])
    .where('subdistrict_id', '=', sd)
    .executeTakeFirst()
  return row && { seq: Number(row.seq), epoch: row.epoch, phase: row.phase, cursor: row.cursor, done: Number(row.done), total: Number(row.total) }
}

/**
 * Takes the subdistrict's map-state row (creating it, which begins a build: seq −1 until the build has
 * cleared old rows and noted where the change log stands). Every transaction that writes the map tables
 * takes it first; its first statement is a write, so a SQLite transaction starts as the writer.
 */
async function lockMapState(tx: Db, sd: string): Promise<StateRow> {
  await tx
    .insertInto('patrol_map_state')
    .values({ subdistrict_id: sd, seq: -1, epoch: newEpoch(), phase: 'indexing', cursor: null, done: 0, total: 0 })
    .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet((eb) => ({ seq: eb.ref('patrol_map_state.seq') })))
    .execute()
  return (await readState(tx, sd))!
}

const setState = (tx: Db, sd: string, set: Partial<Omit<StateRow, 'epoch'>>) =>
  tx.updateTable('patrol_map_state').set(set).where('subdistrict_id', '=', sd).execute()

/** Rows an earlier build left, deleted `limit` at a time per table; answers how many went. */
async function clearSome(tx: Db, sd: string, limit: number): Promise<number> {
  const L = sql.lit(limit)
  let n = 0
  const run = async (q: ReturnType<typeof sql>) => {
    n += Number((await q.execute(tx)).numAffectedRows ?? 0)
  }
  await run(sql`delete from patrol_map_index where subdistrict_id = ${sd} and report_id in
    (select report_id from patrol_map_index where subdistrict_id = ${sd} limit ${L})`)
  await run(sql`delete from patrol_map_tiles where subdistrict_id = ${sd} and (z, x, y) in
    (select z, x, y from patrol_map_tiles where subdistrict_id = ${sd} limit ${L})`)
  await run(sql`delete from patrol_map_cells where subdistrict_id = ${sd} and (level, cx, cy, kind, status, community_id) in
    (select level, cx, cy, kind, status, community_id from patrol_map_cells where subdistrict_id = ${sd} limit ${L})`)
  return n
}

/** Copies the placed reports with ids in (after, upto] into the index and adds them to the cell counts. */
async function indexRange(tx: Db, sd: string, after: string, upto: string): Promise<void> {
  // toGrid() in SQL (both databases have ln, sin, radians and pi): reports never travel to the server process.
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
        from patrol_reports where subdistrict_id = ${sd} and id > ${after} and id <= ${upto} and needs_position = 0
      ) c
    ) p`.execute(tx)
  for (const level of CELL_LEVELS) {
    const d = sql.lit(2 ** (GRID_BITS - level))
    await sql`insert into patrol_map_cells (subdistrict_id, level, cx, cy, kind, status, community_id, n, sx, sy)
      select subdistrict_id, ${sql.lit(level)}, gx / ${d}, gy / ${d}, kind, status, community_id, count(*), sum(gx), sum(gy)
      from patrol_map_index where subdistrict_id = ${sd} and report_id > ${after} and report_id <= ${upto}
      group by subdistrict_id, gx / ${d}, gy / ${d}, kind, status, community_id
      on conflict (subdistrict_id, level, cx, cy, kind, status, community_id)
      do update set n = patrol_map_cells.n + excluded.n, sx = patrol_map_cells.sx + excluded.sx, sy = patrol_map_cells.sy + excluded.sy`.execute(tx)
  }
}

/** Changes folded per transaction, while catching up and on a tile request. */
const FOLD_CHUNK = 1000

/**
 * One step of the map's upkeep in its own transaction: clear, begin, copy a chunk of `size` reports,
 * or fold up to FOLD_CHUNK logged changes. Answers the state after it.
 */
async function step(db: Kysely<DB>, sd: string, size: number): Promise<StateRow> {
  return db.transaction().execute(async (tx) => {
    const st = await lockMapState(tx, sd)
    if (st.seq < 0) {
      if ((await clearSome(tx, sd, size)) > 0) return st
      const total = await tx
        .selectFrom('patrol_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subdistrict_id', '=', sd)
        .where('needs_position', '=', 0)
        .executeTakeFirstOrThrow()
      // Everything logged up to here is in the reports the chunks will read; what comes later is folded in after.
      const begun = { seq: await counterSeq(tx, sd), cursor: '', done: 0, total: Number(total.n), phase: 'indexing' as const }
      await setState(tx, sd, begun)
      return { ...st, ...begun }
    }
    if (st.phase === 'indexing') {
      const after = st.cursor ?? ''
      const ids = await tx
        .selectFrom('patrol_reports')
        .select('id')
        .where('subdistrict_id', '=', sd)
        .where('needs_position', '=', 0)
        .where('id', '>', after)
        .orderBy('id')
        .limit(size)
        .execute()
      if (!ids.length) {
        await setState(tx, sd, { phase: 'catching_up', cursor: null })
        return { ...st, phase: 'catching_up', cursor: null }
      }
      const upto = ids.at(-1)!.id
      await indexRange(tx, sd, after, upto)
      const next = { cursor: upto, done: st.done + ids.length }
      await setState(tx, sd, next)
      return { ...st, ...next }
    }
    const top = await counterSeq(tx, sd)
    if (st.seq >= top) {
      if (st.phase !== 'ready') await setState(tx, sd, { phase: 'ready' })
      return { ...st, phase: 'ready' }
    }
    const to = Math.min(top, st.seq + FOLD_CHUNK)
    await foldChanges(tx, sd, st.seq, to)
    const phase = to >= top ? 'ready' : st.phase
    await setState(tx, sd, { seq: to, phase })
    return { ...st, seq: to, phase }
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Builds in progress in this process, per database handle and subdistrict (one at a time each). */
const building = new WeakMap<object, Map<string, Promise<MapState>>>()

export interface BuildOptions {
  /** Pause after each step as a share of the step's own time (at most 100 ms); by default 1 on SQLite, 0.5 on PostgreSQL. */
  pauseShare?: number
}

/** Reports copied per step on SQLite (some 20–40 ms of the process's one connection). */
const SQLITE_STEP = 2000

/**
 * Builds the map tables of a subdistrict if they are not (or finishes a build an earlier process left),
 * then brings them up to the change log: step after step, each a short transaction, pausing between
 * them so requests (and writes) go first. On SQLite a step holds the process's one connection, so a
 * step copies a fixed 2 000 reports and the pause after it is as long as the step; on PostgreSQL a step
 * holds only the map's state row, so steps grow while they take under 150 ms. Only one build per
 * subdistrict runs in a process; a second call joins it. Other processes' steps take turns through the
 * state row's lock, so replicas share one build.
 */
export function buildMapTables(db: Kysely<DB>, sd: string, opts: BuildOptions = {}): Promise<MapState> {
  const mine = building.get(db) ?? new Map<string, Promise<MapState>>()
  building.set(db, mine)
  const running = mine.get(sd)
  if (running) return running
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const pauseShare = opts.pauseShare ?? (sqlite ? 1 : 0.5)
  const run = (async () => {
    let size = SQLITE_STEP
    const top = await counterSeq(db, sd)
    for (;;) {
      const t0 = performance.now()
      const st = await step(db, sd, size)
      const ms = performance.now() - t0
      if (st.phase === 'ready' && st.seq >= top) {
        const state = { seq: st.seq, epoch: st.epoch }
        ;(seen.get(db) ?? seen.set(db, new Map()).get(db)!).set(sd, state)
        return state
      }
      // Wall time includes other requests' work between the step's statements, so SQLite keeps its fixed size.
      if (!sqlite && st.phase === 'indexing' && st.seq >= 0)
        size = ms < 75 ? Math.min(size * 2, 50_000) : ms > 300 ? Math.max(Math.floor(size / 2), SQLITE_STEP) : size
      if (st.phase !== 'ready' && pauseShare > 0) await sleep(Math.min(100, ms * pauseShare))
    }
  })().finally(() => mine.delete(sd))
  mine.set(sd, run)
  return run
}

/** Builds and keeps up to date the map of every subdistrict (the server's job, at start and then every few seconds). */
export async function keepMapTables(db: Kysely<DB>): Promise<void> {
  for (const { id } of await db.selectFrom('subdistricts').select('id').execute()) await buildMapTables(db, id)
}

/** A subdistrict with at most this many placed reports gets its map built within the first tile request. */
const INLINE_BUILD_MAX = 5000

/** The tile answer while a subdistrict's map is not built yet: 503, with how far the build has come. */
export function mapPreparing(p: MapProgress): ProblemError {
  const percent = p.phase === 'catching_up' ? 99 : p.total > 0 ? Math.min(99, Math.floor((p.done / p.total) * 100)) : 0
  return refused(503, 'workflow_map_preparing', {
    params: { percent },
    type: MAP_PREPARING_TYPE,
    members: { map_build: { ...p, percent } },
    headers: { 'retry-after': String(MAP_RETRY_SECONDS) },
  })
}

/**
 * The map state a tile is answered under, the changes logged since the last read folded in (each
 * FOLD_CHUNK in its own transaction). A map not built yet: a small one is built now; a large one is
 * built in the background (started here if this process is not building it) and this throws the
 * "being prepared" problem (503 with Retry-After).
 */
export async function freshMapState(db: Kysely<DB>, sd: string, onBuildError?: (e: unknown) => void): Promise<MapState> {
  const mine = seen.get(db) ?? new Map<string, MapState>()
  seen.set(db, mine)
  const known = mine.get(sd)
  const top = await counterSeq(db, sd)
  if (known && known.seq >= top) return known
  const st = await readState(db, sd)
  if (!st || st.phase !== 'ready') {
    const small =
      !st &&
      (
        await db
          .selectFrom('patrol_reports')
          .select('id')
          .where('subdistrict_id', '=', sd)
          .where('needs_position', '=', 0)
          .limit(INLINE_BUILD_MAX + 1)
          .execute()
      ).length <= INLINE_BUILD_MAX
    if (small) return buildMapTables(db, sd, { pauseShare: 0 })
    buildMapTables(db, sd).catch((e: unknown) => onBuildError?.(e))
    throw mapPreparing(
      st && st.seq >= 0 ? { phase: st.phase as MapProgress['phase'], done: st.done, total: st.total } : { phase: 'indexing', done: 0, total: 0 },
    )
  }
  if (st.seq >= top) return remember(mine, sd, st)
  const running = folding.get(db) ?? new Map<string, Promise<MapState>>()
  folding.set(db, running)
  let fold = running.get(sd)
  if (!fold) {
    let at = st
    fold = (async () => {
      while (at.seq < top) at = await step(db, sd, FOLD_CHUNK)
      return remember(mine, sd, at)
    })().finally(() => running.delete(sd))
    running.set(sd, fold)
  }
  const folded = await fold
  // A fold that began before this request's changes were logged: fold again for the rest.
  return folded.seq >= top ? folded : freshMapState(db, sd, onBuildError)
}

function remember(mine: Map<string, MapState>, sd: string, st: StateRow): MapState {
  const state = { seq: st.seq, epoch: st.epoch }
  mine.set(sd, state)
  return state
}

/** Forgets what this process saw (a test that rewrites the tables behind the change log's back). */
export const forgetMapState = (db: object) => seen.delete(db)

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
  onBuildError?: (e: unknown) => void,
): Promise<TileAnswer> {
  const { z, x, y } = t
  const state = await freshMapState(db, sd, onBuildError)
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
