// Pickup check-offs kept on the phone: the day's list is cached so the page opens without signal, and
// each tick is stored before anything is sent, so a check-off survives a reload, a crash or no network.
import type { PickupList } from '../../api/domain/meals/sales.ts'
import type { FieldError } from '../../api/domain/messages.ts'
import { db as defaultDb, type LastmileDB } from './database.ts'

export interface MealsCheckoffRow {
  /** Client-made id, sent as the pickup id. */
  id: string
  date: string
  subscriber_id: string
  picked: boolean
  client_time: string
  /** pending: not yet accepted by the server; rejected: refused, with its reason (stays visible). */
  state: 'pending' | 'rejected'
  reason?: string
  errors?: FieldError[]
}

export interface MealsPickupDayRow {
  date: string
  list: PickupList
  fetched_at: string
}

export async function saveCheckoff(row: MealsCheckoffRow, database: LastmileDB = defaultDb): Promise<void> {
  await database.transaction('rw', database.meals_checkoffs, async () => {
    await database.meals_checkoffs.put(row)
  })
}

export function pendingCheckoffs(database: LastmileDB = defaultDb): Promise<MealsCheckoffRow[]> {
  return database.meals_checkoffs.toArray()
}

export function checkoffsOf(date: string, database: LastmileDB = defaultDb): Promise<MealsCheckoffRow[]> {
  return database.meals_checkoffs.where('date').equals(date).toArray()
}

/** Removes a check-off once the server holds it, unless it was changed again meanwhile. */
export async function settleCheckoff(row: MealsCheckoffRow, database: LastmileDB = defaultDb): Promise<void> {
  await database.transaction('rw', database.meals_checkoffs, async () => {
    const current = await database.meals_checkoffs.get([row.date, row.subscriber_id])
    if (current && current.id === row.id) await database.meals_checkoffs.delete([row.date, row.subscriber_id])
  })
}

export async function rejectCheckoff(row: MealsCheckoffRow, reason: string, errors: FieldError[] | undefined, database: LastmileDB = defaultDb): Promise<void> {
  await database.meals_checkoffs.update([row.date, row.subscriber_id], { state: 'rejected', reason, errors })
}

export async function cacheDay(list: PickupList, database: LastmileDB = defaultDb): Promise<void> {
  await database.meals_pickup_days.put({ date: list.date, list, fetched_at: new Date().toISOString() })
}

export function cachedDay(date: string, database: LastmileDB = defaultDb): Promise<MealsPickupDayRow | undefined> {
  return database.meals_pickup_days.get(date)
}
