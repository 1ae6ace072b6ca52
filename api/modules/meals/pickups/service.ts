// Pickup check-off per day: everyone holding a ticket for the day, whether they collected, and the
// no-shows once the day's pickup time is over. Check-offs come from REST or the sync engine.
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { maskMobile } from '#domain/meals/phone.ts'
import { shanghaiInstant } from '#domain/meals/window.ts'
import type { PickupList, PickupPut, PickupRecord } from '#domain/meals/sales.ts'
import type { Db } from '../../../db/handle.ts'
import { ticketsOn } from '../sales/queries.ts'
import { listPickupPoints } from '../settings/service.ts'
import { businessDate } from '#domain/time.ts'
import { timeIssue } from '#domain/bounds.ts'
import { audit } from '../../../audit/audit.ts'

/** The day's pickup is over after the latest closing time of the active points (23:59 without points). */
async function dayOver(db: Db, sd: string, date: string, now: Date): Promise<boolean> {
  const points = await listPickupPoints(db, sd, true)
  const latest =
    points
      .map((p) => p.closes_time)
      .sort()
      .at(-1) ?? '23:59'
  return now >= shanghaiInstant(date, latest)
}

export async function pickupList(db: Db, sd: string, date: string, now: Date): Promise<PickupList> {
  const tickets = await ticketsOn(db, sd, date)
  const picks = await db.selectFrom('meal_pickups').selectAll().where('subdistrict_id', '=', sd).where('date', '=', date).execute()
  const day = await db.selectFrom('meal_menu_days').select('closed').where('subdistrict_id', '=', sd).where('date', '=', date).executeTakeFirst()
  const over = await dayOver(db, sd, date, now)
  const rows = tickets.map((t) => {
    const p = picks.find((x) => x.subscriber_id === t.subscriber_id)
    return {
      subscriber_id: t.subscriber_id,
      name: t.name,
      phone_masked: maskMobile(t.phone),
      community_id: t.community_id,
      building: t.building,
      dietary_notes: t.dietary_notes,
      pickup_code: t.pickup_code,
      sets: t.sets,
      boxes: t.boxes,
      rice: t.rice,
      buns: t.buns,
      soups: t.soups,
      picked: p?.picked === 1,
      picked_at: p?.picked === 1 ? p.picked_at : null,
      pickup_id: p?.id ?? null,
    }
  })
  const picked = rows.filter((r) => r.picked).length
  const open = rows.length - picked
  return { date, closed: day?.closed === 1, rows, picked, no_shows: over ? open : 0, pending: over ? 0 : open }
}

/**
 * When the resident collected: the device's time if it is plausible (on the pickup's Beijing day and
 * within the server clock's window), else the server's clock.
 */
function pickedAt(input: PickupPut, now: Date): string {
  const t = input.client_time
  if (t && !timeIssue(t, now) && businessDate(new Date(t)) === input.date) return new Date(t).toISOString()
  return now.toISOString()
}

export type { PickupRecord }

/** Records one check-off (or its undo, audited). Last write wins per (day, resident); the version counts writes. */
export async function checkOff(db: Db, user: SessionUser, input: PickupPut, now: Date): Promise<PickupRecord> {
  return (await checkOffOnce(db, user, input, now)).record
}

/**
 * checkOff that tells whether it wrote: the same check-off resent (same id, same outcome and point)
 * answers with the stored record and writes nothing. Call it holding the counter lock.
 */
export async function checkOffOnce(db: Db, user: SessionUser, input: PickupPut, now: Date): Promise<{ record: PickupRecord; written: boolean }> {
  const sd = user.subdistrict_id
  // Nobody collects lunch on a day that has not come yet (Beijing date, server clock).
  if (input.date > businessDate(now)) throw fieldProblem('meals_pickup_future', 'date', { status: 422 })
  const holder = (await ticketsOn(db, sd, input.date)).find((t) => t.subscriber_id === input.subscriber_id)
  if (!holder) {
    throw fieldProblem('meals_no_ticket', 'subscriber_id', { status: 422 })
  }
  const existing = await db
    .selectFrom('meal_pickups')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('date', '=', input.date)
    .where('subscriber_id', '=', input.subscriber_id)
    .executeTakeFirst()
  if (existing && existing.id === input.id && existing.picked === (input.picked ? 1 : 0) && existing.pickup_point_id === input.pickup_point_id) {
    const record = {
      id: existing.id,
      date: input.date,
      subscriber_id: input.subscriber_id,
      picked: input.picked,
      picked_at: existing.picked_at,
      pickup_point_id: existing.pickup_point_id,
      community_id: holder.community_id,
      version: existing.version,
    }
    return { record, written: false }
  }
  const at = now.toISOString()
  const picked_at = input.picked ? pickedAt(input, now) : null
  const values = {
    picked: input.picked ? 1 : 0,
    picked_at,
    pickup_point_id: input.pickup_point_id,
    by_user_id: user.id,
    client_time: input.client_time ?? null,
    updated_at: at,
  }
  let version = 1
  if (existing) {
    version = existing.version + 1
    // Undoing a pickup takes back what the resident was recorded as having collected: it is audited.
    if (existing.picked === 1 && !input.picked) {
      await audit(db, {
        actor: user,
        action: 'undo',
        entity: 'meal_pickup',
        entity_id: existing.id,
        before: { date: input.date, subscriber_id: input.subscriber_id, picked: true, picked_at: existing.picked_at },
        after: { date: input.date, subscriber_id: input.subscriber_id, picked: false, picked_at: null },
        at: now,
      })
    }
    await db
      .updateTable('meal_pickups')
      .set({ ...values, version })
      .where('subdistrict_id', '=', sd)
      .where('date', '=', input.date)
      .where('subscriber_id', '=', input.subscriber_id)
      .execute()
  } else {
    await db
      .insertInto('meal_pickups')
      .values({ subdistrict_id: sd, date: input.date, subscriber_id: input.subscriber_id, id: input.id, ...values, version })
      .execute()
  }
  const record = {
    id: existing?.id ?? input.id,
    date: input.date,
    subscriber_id: input.subscriber_id,
    picked: input.picked,
    picked_at,
    pickup_point_id: input.pickup_point_id,
    community_id: holder.community_id,
    version,
  }
  return { record, written: true }
}
