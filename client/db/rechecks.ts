// Re-checks on the device: the server's `recheck` records the sync engine pulled (only the signed-in
// inspector's), joined with the sightings in the synced view so an offline answer shows at once.
import type { Recheck } from '#domain/patrol/workflow.ts'
import type { Observation } from '#domain/patrol/report.ts'
import { db } from './database.ts'
import { readViews } from './synced-view.ts'

export interface LocalRecheck extends Recheck {
  /** A sighting of that report made by this inspector after the assignment (maybe not yet synced). */
  answered_locally: boolean
}

type Seen = Pick<Observation, 'report_id' | 'reporter_id' | 'observed_at'>

export async function loadRechecks(userId: string): Promise<LocalRecheck[]> {
  const view = await readViews({ rechecks: { entity: 'recheck', local: null }, observations: { entity: 'observation' } }, db)
  const mine = view.rechecks.map((r) => r.record as Recheck).filter((r) => r && r.assignee_id === userId)
  const seen = view.observations.map((o) => o.record as Seen)
  return mine
    .map((r) => ({ ...r, answered_locally: seen.some((o) => o.report_id === r.report_id && o.reporter_id === userId && o.observed_at >= r.created_at) }))
    .sort((a, b) => a.due_at.localeCompare(b.due_at))
}
