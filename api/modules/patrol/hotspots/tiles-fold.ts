// Keeping the map tables up to the sync change log: the changes logged since the last read are folded
// in, each touched report's old and new place (its index row with its Morton key, its cell counts at every
// level and the versions of its tiles at every zoom), in the caller's transaction.
import type { Transaction, Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { PatrolMapIndexTable } from './tables.ts'
import { CELL_BITS, GRID_BITS, TILE_CELL_MIN_ZOOM, TILE_CLUSTER_MAX_ZOOM, TILE_MAX_ZOOM, toGrid } from '#domain/patrol/map-tiles.ts'
import { mortonOf } from './tiles-morton.ts'

export type Db = Kysely<DB> | Transaction<DB>

/** Cell levels kept in patrol_map_cells: a tile of zoom z uses level z + CELL_BITS. */
export const CELL_LEVELS: readonly number[] = Array.from(
  { length: TILE_CLUSTER_MAX_ZOOM - TILE_CELL_MIN_ZOOM + 1 },
  (_, i) => TILE_CELL_MIN_ZOOM + i + CELL_BITS,
)
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

/** The delete of some reports' index rows, by primary key (the same pairs as indexRowsOf). */
export function indexRowsDelete(tx: Db, sd: string, ids: readonly string[]) {
  return tx.deleteFrom('patrol_map_index').where((eb) =>
    eb(
      eb.refTuple('subdistrict_id', 'report_id'),
      'in',
      ids.map((id) => eb.tuple(sd, id)),
    ),
  )
}

/** Folds the changes in (from, to] into the map tables: each touched report's old and new place. */
export async function foldChanges(tx: Db, sd: string, from: number, to: number): Promise<void> {
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
    // Each touched report's old row goes and its new one comes, a few statements for the whole chunk.
    const gone: string[] = []
    const placedRows: (Indexed & { subdistrict_id: string })[] = []
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
        gone.push(id)
      }
      if (placed) {
        addCells(placed, 1)
        for (const t of tilesAt(placed.gx, placed.gy)) tiles.add(t)
        placedRows.push({ subdistrict_id: sd, ...placed })
      }
    }
    for (let k = 0; k < gone.length; k += ROWS_PER_INSERT) await indexRowsDelete(tx, sd, gone.slice(k, k + ROWS_PER_INSERT)).execute()
    for (let k = 0; k < placedRows.length; k += ROWS_PER_INSERT)
      await tx
        .insertInto('patrol_map_index')
        .values(placedRows.slice(k, k + ROWS_PER_INSERT))
        .execute()
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

/** A position's place in the map index: its grid position and Morton key. */
export const gridOf = (r: { lat: number; lng: number }) => {
  const [gx, gy] = toGrid(r.lat, r.lng)
  return { gx, gy, m: mortonOf(gx, gy) }
}
