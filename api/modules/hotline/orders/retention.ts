// The hotline's retention hook: past the counter's retention period (the office's contact records
// with residents) an order loses its caller's masked number; the order, its reply and its
// satisfaction stay for the monthly figures.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'

export async function anonymiseCallers(tx: Transaction<DB>, sd: string, before: string, _now: Date, limit: number): Promise<RetentionBatch> {
  const due = await tx
    .selectFrom('hotline_work_orders')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('received_at', '<', before)
    .where('caller_masked', 'is not', null)
    .orderBy('received_at')
    .limit(limit + 1)
    .execute()
  const ids = due.slice(0, limit).map((r) => r.id)
  if (!ids.length) return { records: 0, synced: 0, more: false }
  await tx.updateTable('hotline_work_orders').set({ caller_masked: null }).where('subdistrict_id', '=', sd).where('id', 'in', ids).execute()
  return { records: ids.length, synced: 0, more: due.length > limit }
}

export const callersRetention: RetentionHook = { cutoff: 'counter_before', counts: 'free_text_notes', anonymise: anonymiseCallers }
