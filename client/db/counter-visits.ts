// A visit logged at the desk while the network is down: written to the sync outbox in one Dexie
// transaction, so it survives a reload and reaches the server through the shared sync engine.
import type { VisitData } from '#domain/counter/visits.ts'
import { db, type LastmileDB } from './database.ts'
import { writeWithOutbox } from './outbox.ts'
import { readView, type Synced } from './synced-view.ts'

export const VISIT_ENTITY = 'counter_visit'

export async function queueVisit(id: string, data: VisitData, database: LastmileDB = db): Promise<void> {
  await writeWithOutbox(
    [],
    async (enqueue) => {
      await enqueue({ entity: VISIT_ENTITY, entity_id: id, op: 'put', data })
    },
    database,
  )
}

/** Visits still waiting on this device (pending, syncing, or rejected with a reason). */
export function queuedVisits(database: LastmileDB = db): Promise<Synced<VisitData>[]> {
  return readView<VisitData>({ entity: VISIT_ENTITY, local: null, synced: false }, database)
}
