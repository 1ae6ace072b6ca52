// The counter module's retention hook: visits past the retention period lose what ties them to a
// person; date, matters, outcome, return flag and duration stay for the statistics.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { RetentionBatch, RetentionHook } from '../../module.ts'
import { scrubSynced } from '../../../retention/scrub-sync.ts'
import { VISIT_ENTITY } from './entity.ts'

/**
 * Counter: a visit is due when it happened before `before`. The keyed hash of the resident's phone and
 * its mask are removed (the visit can no longer be tied to a person) and the free-text note is cleared;
 * date, matters, outcome, return flag and duration stay for the statistics.
 */
export async function anonymiseVisits(tx: Transaction<DB>, sd: string, before: string, now: Date, limit: number): Promise<RetentionBatch> {
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
  const synced = await anonymiseVisitIds(tx, sd, ids, now)
  return { records: ids.length, synced, more: due.length > limit }
}

/**
 * Removes the resident's hash, mask and the note from these visits and re-sends them to devices; answers
 * how many synced records were re-sent. The purge and a resident's withdrawal of consent both end here.
 */
export async function anonymiseVisitIds(tx: Transaction<DB>, sd: string, ids: readonly string[], now: Date): Promise<number> {
  if (!ids.length) return 0
  await tx
    .updateTable('counter_visits')
    .set({ resident_key: null, resident_masked: null, outcome_note: '' })
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', [...ids])
    .execute()
  return scrubSynced(tx, sd, VISIT_ENTITY, ids, (r) => ({ ...r, resident_masked: null, outcome_note: '' }), now)
}

export const visitsRetention: RetentionHook = { cutoff: 'counter_before', counts: 'counter_visits', anonymise: anonymiseVisits }
