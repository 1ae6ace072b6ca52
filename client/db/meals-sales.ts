// Ticket sales recorded while the counter has no network: queued in the sync outbox, so the server
// decides the window when they arrive. A refused sale stays on the device with the server's reason.
import { writeWithOutbox } from './outbox.ts'
import { readView, type Synced } from './synced-view.ts'

export const SALE_ENTITY = 'meal_sale'

/** Queues a sale; `data` is the REST body without its id (the id travels as entity_id). */
export async function queueSale(id: string, data: Record<string, unknown>): Promise<void> {
  await writeWithOutbox([], async (enqueue) => {
    await enqueue({ entity: SALE_ENTITY, entity_id: id, op: 'put', base_version: null, data })
  })
}

/** What a queued sale carries: the REST body without its id, stamped with the device's time. */
export interface QueuedSale {
  subscriber_id?: string
  week?: string
  client_time?: string
  [field: string]: unknown
}

/** Sales of this device not yet accepted by the server (waiting, or refused with a reason). */
export function queuedSales(): Promise<Synced<QueuedSale>[]> {
  return readView<QueuedSale>({ entity: SALE_ENTITY, local: null, synced: false })
}
