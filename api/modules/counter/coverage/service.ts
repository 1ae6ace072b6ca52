// Coverage of a roster week: who is at the desk in each slot, what they can handle, weighted by
// what residents asked for in the last eight weeks of the visit log, and whom to train in what.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { computeCoverage, suggestTraining } from '#domain/counter/coverage.ts'
import { demandOf } from '#domain/counter/visits.ts'
import { isoWeekStart } from '#domain/time.ts'
import { loadLevels } from '../skills/service.ts'
import { rosterWeek } from '../roster/service.ts'
import { listVisits } from '../visits/service.ts'

export const DEMAND_WEEKS = 8

export async function weekCoverage(db: Kysely<DB>, sub: string, week: string, communityId?: string) {
  const roster = await rosterWeek(db, sub, week)
  const desks = await db.selectFrom('counter_desks').select(['id', 'community_id']).where('subdistrict_id', '=', sub).execute()
  const deskIds = new Set(desks.filter((d) => !communityId || d.community_id === communityId).map((d) => d.id))
  const assignments = roster.assignments.filter((a) => deskIds.has(a.counter_id))
  const guides = await db
    .selectFrom('counter_guides')
    .select(['id', 'code', 'name'])
    .where('subdistrict_id', '=', sub)
    .where('published', '=', 1)
    .orderBy('code')
    .execute()
  const monday = isoWeekStart(week)!
  const to = new Date(`${monday}T00:00:00+08:00`)
  const from = new Date(to.getTime() - DEMAND_WEEKS * 7 * 86_400_000)
  const visits = await listVisits(db, sub, from.toISOString(), to.toISOString(), communityId ? [communityId] : undefined)
  const input = {
    slots: roster.slots,
    assignments,
    leaves: roster.leaves,
    levels: await loadLevels(db, sub),
    guide_ids: guides.map((g) => g.id),
    demand: demandOf(visits),
  }
  return {
    week,
    community_id: communityId ?? null,
    demand_from: from.toISOString(),
    guides,
    ...computeCoverage(input),
    suggestions: suggestTraining(input, 5),
  }
}
