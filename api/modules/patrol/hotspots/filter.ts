// The coordinator's filter as SQL: one function narrows any report query the same way, so the map,
// the ranked list, the charts and the exports always show the same reports. Plain SQL for both dialects.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ReviewFilter } from '#domain/patrol/workflow.ts'

/** A Beijing business date's first instant, as the ISO UTC text the columns hold. */
export const dayStartUtc = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString()
export const dayEndUtc = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString()

/** patrol_reports as `r` of one subdistrict, narrowed by the filter; callers add select, order, limit. */
export function filteredReports(db: Kysely<DB>, sd: string, f: ReviewFilter) {
  // A report still waiting for its position (Open311 with only an address) has no place on a map yet:
  // the coordinator finds those in their own list until they are placed.
  let q = db.selectFrom('patrol_reports as r').where('r.subdistrict_id', '=', sd).where('r.needs_position', '=', 0)
  if (f.from || f.to) {
    // A report is "in the range" when it, or any repeat sighting of it, was observed in the range: a
    // place reported a month ago and sighted again yesterday belongs to yesterday's picture.
    const from = f.from ? dayStartUtc(f.from) : undefined
    const to = f.to ? dayEndUtc(f.to) : undefined
    q = q.where((eb) => {
      const own = [...(from ? [eb('r.observed_at', '>=', from)] : []), ...(to ? [eb('r.observed_at', '<', to)] : [])]
      let seen = eb
        .selectFrom('patrol_observations as o')
        .select('o.id')
        .whereRef('o.subdistrict_id', '=', 'r.subdistrict_id')
        .whereRef('o.report_id', '=', 'r.id')
      if (from) seen = seen.where('o.observed_at', '>=', from)
      if (to) seen = seen.where('o.observed_at', '<', to)
      return eb.or([eb.and(own), eb.exists(seen)])
    })
  }
  if (f.community?.length) q = q.where('r.community_id', 'in', f.community)
  if (f.kind?.length) q = q.where('r.kind', 'in', f.kind)
  if (f.status?.length) q = q.where('r.workflow_status', 'in', f.status)
  const ops = f.operator ?? []
  if (ops.length) {
    // counts is JSON text {"bike-a":12,…}; a key with a zero count is not a sighting of that operator.
    q = q.where((eb) =>
      eb.or(
        ops.map((op) => eb.and([eb('r.counts', 'like', `%"${op}":%`), eb('r.counts', 'not like', `%"${op}":0,%`), eb('r.counts', 'not like', `%"${op}":0}%`)])),
      ),
    )
  }
  return q
}
