// Residents' reports past the counter's retention period (the office's contact with residents): the
// phone, the note (free text may name people) and the device and address hashes are cleared; the
// report's kind, place, photo, status and the office's reply stay for the figures and the follow-up.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'

export async function anonymiseResidentReports(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<RetentionBatch> {
  const rows = await tx
    .selectFrom('resident_reports')
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('received_at', '<', before)
    .where('anonymised_at', 'is', null)
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  const ids = rows.slice(0, limit).map((r) => r.id)
  if (ids.length)
    await tx
      .updateTable('resident_reports')
      .set({ phone: null, note: '', device_hash: '', ip_hash: '', anonymised_at: now.toISOString() })
      .where('subdistrict_id', '=', sd)
      .where('id', 'in', ids)
      .execute()
  return { records: ids.length, synced: 0, more: rows.length > limit }
}

export const residentReportsRetention: RetentionHook = { cutoff: 'counter_before', counts: 'resident_reports', anonymise: anonymiseResidentReports }
