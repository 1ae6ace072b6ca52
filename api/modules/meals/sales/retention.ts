// The lunch program's second retention hook: free text on ticket sales that may name people (a sale's
// note, its overlap reason and its void reason) is cleared once the sale is past the meals period; the sale stays.
import { sql, type Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'
import { scrubSynced } from '../../../retention/scrub-sync.ts'
import { SALE_ENTITY } from './entity.ts'

/** Sales created before `before` with a note, an overlap reason or a void reason: the text is cleared, on devices too. */
export async function anonymiseSaleNotes(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<RetentionBatch> {
  const sales = await tx
    .selectFrom('meal_sales')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('note', '<>', ''), eb('overlap_reason', '<>', ''), eb.and([eb('void_reason', 'is not', null), eb('void_reason', '<>', '')])]))
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  const ids = sales.slice(0, limit).map((r) => r.id)
  if (!ids.length) return { records: 0, synced: 0, more: false }
  await tx
    .updateTable('meal_sales')
    .set({ note: '', overlap_reason: '', void_reason: sql<string | null>`case when void_reason is null then null else '' end` })
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', ids)
    .execute()
  const synced = await scrubSynced(
    tx,
    sd,
    SALE_ENTITY,
    ids,
    (r) => ({ ...r, note: '', overlap_reason: '', void_reason: r.void_reason === null || r.void_reason === undefined ? r.void_reason : '' }),
    now,
  )
  return { records: ids.length, synced, more: sales.length > limit }
}

export const saleNotesRetention: RetentionHook = { cutoff: 'meals_before', counts: 'free_text_notes', anonymise: anonymiseSaleNotes }
