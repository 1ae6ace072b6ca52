// The lunch program's retention hook: residents past the retention period are anonymised. Only
// personal fields change: every sale, sale line and pickup stays, so kitchen counts and reconciliation
// add up as before. Each call handles one batch and says whether more are due.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'
import { businessDate } from '#domain/time.ts'
import { ANONYMISED_NAME } from '#domain/retention.ts'
import { scrubSynced } from '../../../retention/scrub-sync.ts'
import { SALE_ENTITY } from '../sales/entity.ts'

/**
 * Meals: a resident is due when nothing happened for them since `before` — no edit of the record, no
 * ticket sold or voided, no meal day on a ticket (a pickup always falls on a ticket day). Name becomes
 * 已匿名; phone, ID number, birth date, building, dietary notes, dietary restrictions and any pickup code are cleared (phone is NOT NULL: '');
 * community stays, so per-community counts still add up. The record is set inactive.
 */
export async function anonymiseSubscribers(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<RetentionBatch> {
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
        eb('p.dietary_restrictions', '<>', '[]'),
        eb('p.pickup_code', 'is not', null),
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
  const synced = await anonymiseSubscriberIds(tx, sd, ids, now)
  return { records: ids.length, synced, more: due.length > limit }
}

/**
 * Anonymises these residents (the fields above, set inactive, no pickup code) and re-sends their ticket
 * sales to devices without name and phone; answers how many synced records were re-sent. The purge
 * and a resident's withdrawal of consent both end here.
 */
export async function anonymiseSubscriberIds(tx: Transaction<DB>, sd: string, ids: readonly string[], now: Date): Promise<number> {
  if (!ids.length) return 0
  await tx
    .updateTable('meal_subscribers')
    .set({
      name: ANONYMISED_NAME,
      phone: '',
      birth_date: null,
      id_number: null,
      building: '',
      dietary_notes: '',
      dietary_restrictions: '[]',
      active: 0,
      pickup_code: null,
      updated_at: now.toISOString(),
    })
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', [...ids])
    .execute()
  // Their ticket sales carry the name and masked phone on devices (the sale record of the sync engine).
  const sales = await tx
    .selectFrom('meal_sales')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('subscriber_id', 'in', [...ids])
    .execute()
  return scrubSynced(
    tx,
    sd,
    SALE_ENTITY,
    sales.map((s) => s.id),
    (r) => ({ ...r, subscriber_name: ANONYMISED_NAME, subscriber_phone_masked: '' }),
    now,
  )
}

export const subscribersRetention: RetentionHook = { cutoff: 'meals_before', counts: 'meal_subscribers', anonymise: anonymiseSubscribers }
