// Re-checks on the device: the server's `recheck` records the sync engine pulled (only the signed-in
// inspector's), joined with this device's own sightings so an offline answer shows at once.
import type { Recheck } from '#domain/patrol/workflow.ts'
import { db } from './database.ts'

export interface LocalRecheck extends Recheck {
  /** A sighting of that report saved on this device after the assignment (maybe not yet synced). */
  answered_locally: boolean
}

export async function loadRechecks(userId: string): Promise<LocalRecheck[]> {
  return db.transaction('r', [db.records, db.patrol_observations], async () => {
    const rows = await db.records.where('entity').equals('recheck').toArray()
    const mine = rows.map((r) => r.record as Recheck).filter((r) => r && r.assignee_id === userId)
    const obs = mine.length
      ? await db.patrol_observations
          .where('report_id')
          .anyOf(mine.map((r) => r.report_id))
          .toArray()
      : []
    return mine
      .map((r) => ({ ...r, answered_locally: obs.some((o) => o.report_id === r.report_id && o.reporter_id === userId && o.observed_at >= r.created_at) }))
      .sort((a, b) => a.due_at.localeCompare(b.due_at))
  })
}
