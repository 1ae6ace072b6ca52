// The counter module's second retention hook: a worker's leave reason may name people (a sick child,
// a funeral), so it is cleared once the leave's last day is past the counter period; the leave stays.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'
import { businessDate } from '#domain/time.ts'

export async function anonymiseLeaveReasons(tx: Transaction<DB>, sd: string, before: string, _now: Date, limit: number): Promise<RetentionBatch> {
  const lastDay = businessDate(new Date(before))
  const leaves = await tx
    .selectFrom('counter_leaves')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('end_date', '<', lastDay)
    .where('reason', '<>', '')
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  const ids = leaves.slice(0, limit).map((r) => r.id)
  if (ids.length) await tx.updateTable('counter_leaves').set({ reason: '' }).where('subdistrict_id', '=', sd).where('id', 'in', ids).execute()
  return { records: ids.length, synced: 0, more: leaves.length > limit }
}

export const leaveReasonsRetention: RetentionHook = { cutoff: 'counter_before', counts: 'free_text_notes', anonymise: anonymiseLeaveReasons }
