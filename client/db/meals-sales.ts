// Ticket sales recorded while the counter has no network: queued in the sync outbox, so the server
// decides the window when they arrive. A refused sale stays on the device with the server's reason.
import { db } from './database.ts'
import { writeWithOutbox, type OutboxRow } from './outbox.ts'

export const SALE_ENTITY = 'meal_sale'

/** Queues a sale; `data` is the REST body without its id (the id travels as entity_id). */
export async function queueSale(id: string, data: Record<string, unknown>): Promise<void> {
  await writeWithOutbox([], async (enqueue) => {
    await enqueue({ entity: SALE_ENTITY, entity_id: id, op: 'put', base_version: null, data })
  })
}

/** Sales of this device not yet accepted by the server (waiting, or refused with a reason). */
export function queuedSales(): Promise<OutboxRow[]> {
  return db.outbox.filter((r) => r.entity === SALE_ENTITY).toArray()
}
