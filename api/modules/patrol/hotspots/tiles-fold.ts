// Keeping the map tables up to the sync change log: the changes logged since the last read are folded
// in, each touched report's old and new place (its index row with its Morton key, its cell counts at every
// level and the versions of its tiles at every zoom), in the caller's transaction.
import { SqliteAdapter, sql, type Transaction, type Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { DialectName } from '../../../db/dialect.ts'
import { writeTogether, type WriteStatement } from '../../../sync/write-together.ts'
import type { PatrolMapCellsTable, PatrolMapIndexTable } from './tables.ts'
import { CELL_BITS, GRID_BITS, TILE_CELL_MIN_ZOOM, TILE_MAX_ZOOM, toGrid } from '#domain/patrol/map-tiles.ts'
import { mortonOf } from './tiles-morton.ts'

export type Db = Kysely<DB> | Transaction<DB>

/** Cell levels kept in patrol_map_cells: a tile of zoom z uses level z + CELL_BITS (zooms 10–18). */
export const CELL_LEVELS: readonly number[] = Array.from({ length: TILE_MAX_ZOOM - TILE_CELL_MIN_ZOOM + 1 }, (_, i) => TILE_CELL_MIN_ZOOM + i + CELL_BITS)
export const ROWS_PER_INSERT = 100

/** A report as the map index holds it. */
export type Indexed = Omit<PatrolMapIndexTable, 'subdistrict_id'>

/** The tiles holding a grid position at every zoom 0…TILE_MAX_ZOOM, as `z/x/y`. */
export function tilesAt(gx: number, gy: number): string[] {
  const out: string[] = []
  for (let z = 0; z <= TILE_MAX_ZOOM; z++) out.push(`${z}/${Math.floor(gx / 2 ** (GRID_BITS - z))}/${Math.floor(gy / 2 ** (GRID_BITS - z))}`)
  return out
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
    const last = rows.length < 1000
    for (const r of rows) {
      if (r.entity === 'report') ids.add(r.entity_id)
      else if (r.record) {
        const rec = JSON.parse(r.record) as { report_id?: unknown }
        if (typeof rec.report_id === 'string') ids.add(rec.report_id)
      }
    }
    if (last) break
  }
  return [...ids]
}

/**
 * The index rows of some reports, looked up by primary key. Named as (subdistrict_id, report_id) pairs:
 * with `subdistrict_id = ? and report_id in (…)` SQLite reads the covering Morton index of the whole
 * subdistrict instead (every column is in it), a scan of every placed report on each fold.
 */
export function indexRowsOf(tx: Db, sd: string, ids: readonly string[]) {
  return tx
    .selectFrom('patrol_map_index')
    .selectAll()
    .where((eb) =>
      eb(
        eb.refTuple('subdistrict_id', 'report_id'),
        'in',
        ids.map((id) => eb.tuple(sd, id)),
      ),
    )
}

/**
 * Folds the changes in (from, to] into the map tables: each touched report's old and new place. The
 * writes are decided in memory first and sent as a few multi-row statements whatever the number of
 * reports (on PostgreSQL as one statement with `also`, the caller's own writes: write-together.ts), so
 * a fold after a busy minute of pushes costs the same round trips as after one push.
 */
export async function foldChanges(tx: Db, sd: string, from: number, to: number, also: readonly WriteStatement[] = []): Promise<void> {
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
  /** Index rows to write (a report placed now, wherever it was) and to delete (a report no longer placed). */
  const placedRows: (Indexed & { subdistrict_id: string })[] = []
  const removed: string[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const olds = new Map((await indexRowsOf(tx, sd, chunk).execute()).map((r) => [r.report_id, r]))
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
        if (!placed) removed.push(id)
      }
      if (placed) {
        addCells(placed, 1)
        for (const t of tilesAt(placed.gx, placed.gy)) tiles.add(t)
        placedRows.push({ subdistrict_id: sd, ...placed })
      }
    }
  }
  const cellRows = [...deltas]
    .filter(([, c]) => c.n !== 0 || c.sx !== 0 || c.sy !== 0)
    .map(([key, c]) => {
      const [level, cx, cy, kind, status, community_id] = key.split('|') as [string, string, string, string, string, string]
      return { subdistrict_id: sd, level: Number(level), cx: Number(cx), cy: Number(cy), kind, status, community_id, ...c }
    })
  const tileRows = [...tiles].map((t) => {
    const [z, x, y] = t.split('/').map(Number) as [number, number, number]
    return { subdistrict_id: sd, z, x, y, seq: to }
  })
  // Each row is written by one statement only (ids, cells and tiles are distinct keys), so none of
  // these reads another's rows and they can go together.
  const writes: WriteStatement[] = []
  for (let i = 0; i < removed.length; i += 500) writes.push(indexDelete(tx, sd, removed.slice(i, i + 500)))
  for (let i = 0; i < placedRows.length; i += ROWS_PER_INSERT) writes.push(indexUpsert(tx, placedRows.slice(i, i + ROWS_PER_INSERT)))
  for (let i = 0; i < cellRows.length; i += ROWS_PER_INSERT) writes.push(cellsAdd(tx, cellRows.slice(i, i + ROWS_PER_INSERT)))
  for (let i = 0; i < tileRows.length; i += ROWS_PER_INSERT) writes.push(tilesSet(tx, tileRows.slice(i, i + ROWS_PER_INSERT)))
  await writeTogether(tx as Transaction<DB>, dialectOf(tx), [...writes, ...also])
  // Emptied cells go, so the table holds only places that have reports: after the sums above.
  const emptied = cellRows.filter((c) => c.n < 0)
  for (let i = 0; i < emptied.length; i += ROWS_PER_INSERT) await cellsDeleteEmpty(tx, sd, emptied.slice(i, i + ROWS_PER_INSERT)).execute()
}

const dialectOf = (db: Db): DialectName => (db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres')

const indexDelete = (tx: Db, sd: string, ids: readonly string[]) =>
  tx.deleteFrom('patrol_map_index').where((eb) =>
    eb(
      eb.refTuple('subdistrict_id', 'report_id'),
      'in',
      ids.map((id) => eb.tuple(sd, id)),
    ),
  )

/** Index rows written whether or not the report had one (a moved report's row takes its new place). */
const indexUpsert = (tx: Db, rows: (Indexed & { subdistrict_id: string })[]) =>
  tx
    .insertInto('patrol_map_index')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['subdistrict_id', 'report_id']).doUpdateSet((eb) => ({
        gx: eb.ref('excluded.gx'),
        gy: eb.ref('excluded.gy'),
        m: eb.ref('excluded.m'),
        kind: eb.ref('excluded.kind'),
        status: eb.ref('excluded.status'),
        community_id: eb.ref('excluded.community_id'),
      })),
    )

type CellRow = Omit<PatrolMapCellsTable, 'sx' | 'sy'> & { sx: number; sy: number }

const cellsAdd = (tx: Db, rows: CellRow[]) =>
  tx
    .insertInto('patrol_map_cells')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['subdistrict_id', 'level', 'cx', 'cy', 'kind', 'status', 'community_id']).doUpdateSet((eb) => ({
        n: eb('patrol_map_cells.n', '+', eb.ref('excluded.n')),
        sx: eb('patrol_map_cells.sx', '+', eb.ref('excluded.sx')),
        sy: eb('patrol_map_cells.sy', '+', eb.ref('excluded.sy')),
      })),
    )

const cellsDeleteEmpty = (tx: Db, sd: string, rows: CellRow[]) =>
  tx
    .deleteFrom('patrol_map_cells')
    .where('subdistrict_id', '=', sd)
    .where(
      sql<boolean>`(level, cx, cy, kind, status, community_id) in (${sql.join(rows.map((r) => sql`(${r.level}, ${r.cx}, ${r.cy}, ${r.kind}, ${r.status}, ${r.community_id})`))})`,
    )
    .where('n', '<=', 0)

const tilesSet = (tx: Db, rows: { subdistrict_id: string; z: number; x: number; y: number; seq: number }[]) =>
  tx
    .insertInto('patrol_map_tiles')
    .values(rows)
    .onConflict((oc) => oc.columns(['subdistrict_id', 'z', 'x', 'y']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') })))

/** A position's place in the map index: its grid position and Morton key. */
export const gridOf = (r: { lat: number; lng: number }) => {
  const [gx, gy] = toGrid(r.lat, r.lng)
  return { gx, gy, m: mortonOf(gx, gy) }
}
