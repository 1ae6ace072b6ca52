// The reports of one cell of a map tile: a cluster of the closest zoom cannot be split by zooming in, so
// the coordinator opens its list. The cell is one Morton key range of the map index, read under the
// same filter and the same folded state as the tile, so the list holds exactly the reports the cluster
// counts. Newest first (ids are time-ordered), a page at a time.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ReviewFilter } from '#domain/patrol/workflow.ts'
import { CELL_BITS, CELLS_PER_SIDE, type CellReport, type CellReports } from '#domain/patrol/map-tiles.ts'
import { filteredReports } from './filter.ts'
import { freshMapState } from './tiles-build.ts'
import { indexIn, needsReports } from './tiles-compute.ts'
import { mortonRange } from './tiles-morton.ts'

export interface CellPage {
  /** Only reports with an id below this one (the `next` of the page before). */
  before?: string
  limit: number
}

/** Cell `cell` (row × 8 + column) of tile z/x/y: its reports under the filter, one page. */
export async function cellReports(
  db: Kysely<DB>,
  sd: string,
  f: ReviewFilter,
  t: { z: number; x: number; y: number },
  cell: number,
  page: CellPage,
  onBuildError?: (e: unknown) => void,
): Promise<CellReports> {
  await freshMapState(db, sd, onBuildError)
  const gx = t.x * CELLS_PER_SIDE + (cell % CELLS_PER_SIDE)
  const gy = t.y * CELLS_PER_SIDE + Math.floor(cell / CELLS_PER_SIDE)
  const [from, to] = mortonRange(t.z + CELL_BITS, gx, gy)
  let ids = (await indexIn(db, sd, f).where('m', '>=', from).where('m', '<', to).execute()).map((r) => r.report_id)
  if (needsReports(f)) {
    // Dates and operators are answered by the reports themselves, as the tile does.
    const kept = new Set<string>()
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      for (const r of await filteredReports(db, sd, f).select('r.id').where('r.id', 'in', chunk).execute()) kept.add(r.id)
    }
    ids = ids.filter((id) => kept.has(id))
  }
  ids.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
  const after = page.before ? ids.filter((id) => id < page.before!) : ids
  const mine = after.slice(0, page.limit)
  const rows = mine.length
    ? await db
        .selectFrom('patrol_reports')
        .select(['id', 'kind', 'workflow_status', 'address', 'observed_at', 'lat', 'lng'])
        .where('subdistrict_id', '=', sd)
        .where('id', 'in', mine)
        .execute()
    : []
  const byId = new Map(rows.map((r) => [r.id, r]))
  const items = mine.flatMap((id): CellReport[] => {
    const r = byId.get(id)
    return r ? [{ ...r, kind: r.kind as CellReport['kind'], workflow_status: r.workflow_status as CellReport['workflow_status'] }] : []
  })
  return { total: ids.length, items, next: after.length > mine.length ? mine.at(-1)! : null }
}
