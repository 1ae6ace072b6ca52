// Building the coordinator map's tables (patrol_map_index: each placed report's grid position, Morton
// key, kind, status and community; patrol_map_cells: report counts per cell of every tile zoom;
// patrol_map_tiles: one version per tile) and the state a tile is answered under.
//
// A build runs in steps, each its own short transaction behind the subdistrict's map-state row (never
// the change-log counter, so sync pushes and other writers are not held up): it clears what an earlier
// build left, notes the change-log seq it starts from, copies the placed reports in by id a chunk at a
// time (index rows and their cell counts together), then folds in the changes logged since it began.
// Only then are tiles answered; until then a tile request is told the map is being prepared.
import { randomUUID } from 'node:crypto'
import { SqliteAdapter, sql, type Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { MapBuildPhase } from './tables.ts'
import { refused, type ProblemError } from '../../../http/problem.ts'
import { GRID_BITS, MAP_PREPARING_TYPE, MAP_RETRY_SECONDS } from '#domain/patrol/map-tiles.ts'
import { CELL_LEVELS, foldChanges, gridOf, ROWS_PER_INSERT, type Db } from './tiles-fold.ts'
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
  // One statement: the upsert answers the row as it stands under the lock.
  const row = await tx
    .insertInto('patrol_map_state')
    .values({ subdistrict_id: sd, seq: -1, epoch: newEpoch(), phase: 'indexing', cursor: null, done: 0, total: 0 })
    .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet((eb) => ({ seq: eb.ref('patrol_map_state.seq') })))
    .returning(['seq', 'epoch', 'phase', 'cursor', 'done', 'total'])
    .executeTakeFirstOrThrow()
  return { seq: Number(row.seq), epoch: row.epoch, phase: row.phase, cursor: row.cursor, done: Number(row.done), total: Number(row.total) }
}

const stateWrite = (tx: Db, sd: string, set: Partial<Omit<StateRow, 'epoch'>>) => tx.updateTable('patrol_map_state').set(set).where('subdistrict_id', '=', sd)

const setState = (tx: Db, sd: string, set: Partial<Omit<StateRow, 'epoch'>>) => stateWrite(tx, sd, set).execute()

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
  // Grid positions and Morton keys by the same code the change-log fold uses (a Morton key in SQL costs
  // hundreds of integer operations a row); the cell counts are then summed in SQL from the index rows.
  const rows = await tx
    .selectFrom('patrol_reports')
    .select(['id', 'lat', 'lng', 'kind', 'workflow_status', 'community_id'])
    .where('subdistrict_id', '=', sd)
    .where('id', '>', after)
    .where('id', '<=', upto)
    .where('needs_position', '=', 0)
    .execute()
  const values = rows.map((r) => ({ subdistrict_id: sd, report_id: r.id, ...gridOf(r), kind: r.kind, status: r.workflow_status, community_id: r.community_id }))
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT)
    await tx
      .insertInto('patrol_map_index')
      .values(values.slice(i, i + ROWS_PER_INSERT))
      .execute()
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
    const phase = to >= top ? 'ready' : st.phase
    // The state's new seq goes with the fold's own writes.
    await foldChanges(tx, sd, st.seq, to, [stateWrite(tx, sd, { seq: to, phase })])
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

/** Reports copied per step on SQLite (some 20–60 ms of the process's one connection: a push waits at most one step). */
const SQLITE_STEP = 1000

/**
 * Builds the map tables of a subdistrict if they are not (or finishes a build an earlier process left),
 * then brings them up to the change log: step after step, each a short transaction, pausing between
 * them so requests (and writes) go first. On SQLite a step holds the process's one connection, so a
 * step copies a fixed 1 000 reports and the pause after it is as long as the step; on PostgreSQL a step
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
