// What "past retention" means and what anonymising changes, per module. Only personal fields change:
// every sale, sale line, pickup and visit stays, so kitchen counts, reconciliation and visit statistics
// add up as before. Each call handles one batch and says whether more are due.
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { businessDate } from '#domain/time.ts'
import { ANONYMISED_NAME } from '#domain/retention.ts'
import { SALE_ENTITY } from '../modules/meals/sales/entity.ts'
import { VISIT_ENTITY } from '../modules/counter/visits/entity.ts'
import { scrubSynced } from './scrub-sync.ts'

export interface BatchResult {
  records: number
  synced: number
  more: boolean
}

/**
 * Meals: a resident is due when nothing happened for them since `before` — no edit of the record, no
 * ticket sold or voided, no meal day on a ticket (a pickup always falls on a ticket day). Name becomes
 * 已匿名; phone, ID number, birth date, building and dietary notes are cleared (phone is NOT NULL: '');
 * community stays, so per-community counts still add up. The record is set inactive.
 */
export async function anonymiseSubscribers(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<BatchResult> {
  const beforeDate = businessDate(new Date(before))
  const due = await tx
    .selectFrom('meal_subscribers as p')
    .select('p.id')
    .where('p.subdistrict_id', '=', sd)
    .where('p.updated_at', '<', before)
    .where((eb) =>
      eb.or([
        eb('p.name', '<>', ANONYMISED_NAME),
        eb('p.phone', '<>', ''),
        eb('p.birth_date', 'is not', null),
        eb('p.id_number', 'is not', null),
        eb('p.building', '<>', ''),
        eb('p.dietary_notes', '<>', ''),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('meal_sales as s')
            .select(eb.lit(1).as('one'))
            .whereRef('s.subdistrict_id', '=', 'p.subdistrict_id')
            .whereRef('s.subscriber_id', '=', 'p.id')
            .where((e) =>
              e.or([
                e('s.created_at', '>=', before),
                e('s.voided_at', '>=', before),
                e.exists(
                  e
                    .selectFrom('meal_sale_lines as l')
                    .select(e.lit(1).as('one'))
                    .whereRef('l.subdistrict_id', '=', 's.subdistrict_id')
                    .whereRef('l.sale_id', '=', 's.id')
                    .where('l.date', '>=', beforeDate),
                ),
              ]),
            ),
        ),
      ),
    )
    .orderBy('p.id')
    .limit(limit + 1)
    .execute()
  const ids = due.slice(0, limit).map((r) => r.id)
  if (!ids.length) return { records: 0, synced: 0, more: false }
  await tx
    .updateTable('meal_subscribers')
    .set({ name: ANONYMISED_NAME, phone: '', birth_date: null, id_number: null, building: '', dietary_notes: '', active: 0, updated_at: now.toISOString() })
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', ids)
    .execute()
  // Their ticket sales carry the name and masked phone on devices (the sale record of the sync engine).
  const sales = await tx.selectFrom('meal_sales').select('id').where('subdistrict_id', '=', sd).where('subscriber_id', 'in', ids).execute()
  const synced = await scrubSynced(
    tx,
    sd,
    SALE_ENTITY,
    sales.map((s) => s.id),
    (r) => ({ ...r, subscriber_name: ANONYMISED_NAME, subscriber_phone_masked: '' }),
    now,
  )
  return { records: ids.length, synced, more: due.length > limit }
}

/**
 * Counter: a visit is due when it happened before `before`. The keyed hash of the resident's phone and
 * its mask are removed (the visit can no longer be tied to a person) and the free-text note is cleared;
 * date, matters, outcome, return flag and duration stay for the statistics.
 */
export async function anonymiseVisits(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<BatchResult> {
  const due = await tx
    .selectFrom('counter_visits')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('at', '<', before)
    .where((eb) => eb.or([eb('resident_key', 'is not', null), eb('resident_masked', 'is not', null), eb('outcome_note', '<>', '')]))
    .orderBy('at')
    .limit(limit + 1)
    .execute()
  const ids = due.slice(0, limit).map((r) => r.id)
  if (!ids.length) return { records: 0, synced: 0, more: false }
  await tx
    .updateTable('counter_visits')
    .set({ resident_key: null, resident_masked: null, outcome_note: '' })
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', ids)
    .execute()
  const synced = await scrubSynced(tx, sd, VISIT_ENTITY, ids, (r) => ({ ...r, resident_masked: null, outcome_note: '' }), now)
  return { records: ids.length, synced, more: due.length > limit }
}
