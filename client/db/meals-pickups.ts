// Pickup check-offs on the phone: the day's list is cached so the page opens without signal, and each
// tick is written locally together with its sync-outbox mutation (one transaction), so it survives a
// reload or a crash and reaches the server through the shared sync engine when the network allows.
import type { PickupList } from '#domain/meals/sales.ts'
import { db, type LastmileDB } from './database.ts'
import { writeWithOutbox, type OutboxRow } from './outbox.ts'
import { readView, type Synced } from './synced-view.ts'
import type { MealsCheckoffRow, MealsPickupDayRow } from './rows.ts'

export type { MealsCheckoffRow, MealsPickupDayRow }

export const PICKUP_ENTITY = 'meal_pickup'

/** Stores the tick and queues it for the server in one Dexie transaction. */
export async function saveCheckoff(row: MealsCheckoffRow): Promise<void> {
  await writeWithOutbox([db.meals_checkoffs], async (enqueue) => {
    await db.meals_checkoffs.put(row)
    await enqueue({
      entity: PICKUP_ENTITY,
      entity_id: row.id,
      op: 'put',
      data: { date: row.date, subscriber_id: row.subscriber_id, picked: row.picked, client_time: row.client_time },
    })
  })
}

export function checkoffsOf(date: string, database: LastmileDB = db): Promise<MealsCheckoffRow[]> {
  return database.meals_checkoffs.where('date').equals(date).toArray()
}

/** Outbox rows of pickups still on this device (pending, syncing, conflict or rejected). */
export function pickupOutbox(database: LastmileDB = db): Promise<OutboxRow[]> {
  return database.outbox.filter((r) => r.entity === PICKUP_ENTITY).toArray()
}

/**
 * One day's ticks through the synced view: this device's tick with its sync state, and ticks of other
 * days still on their way (they count as waiting). The server's list itself comes over REST.
 */
export function pickupView(date: string, database: LastmileDB = db): Promise<Synced<MealsCheckoffRow>[]> {
  return readView<MealsCheckoffRow>(
    { entity: PICKUP_ENTITY, local: 'meals_checkoffs', synced: false, where: (r: MealsCheckoffRow) => r.date === date },
    database,
  )
}

/** Forgets local ticks the server already holds (no outbox row left), once a fresh list arrived. */
export async function dropSettled(date: string, database: LastmileDB = db): Promise<void> {
  await database.transaction('rw', [database.meals_checkoffs, database.outbox], async () => {
    const waiting = new Set((await pickupOutbox(database)).map((r) => r.entity_id))
    const settled = (await checkoffsOf(date, database)).filter((c) => !waiting.has(c.id))
    await database.meals_checkoffs.bulkDelete(settled.map((c) => [c.date, c.subscriber_id] as [string, string]))
  })
}

export async function cacheDay(list: PickupList, database: LastmileDB = db): Promise<void> {
  await database.meals_pickup_days.put({ date: list.date, list, fetched_at: new Date().toISOString() })
}

export function cachedDay(date: string, database: LastmileDB = db): Promise<MealsPickupDayRow | undefined> {
  return database.meals_pickup_days.get(date)
}
