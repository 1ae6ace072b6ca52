// One purge run for a subdistrict: anonymise what is past retention, batch by batch, each batch one
// transaction that takes the change-log lock first (like a push), and one audit entry for the run,
// written in the last batch's transaction. A second run finds nothing left to do.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Logger } from '../http/logger.ts'
import { audit } from '../audit/audit.ts'
import { lockCounter } from '../sync/change-log.ts'
import { withTransientRetry } from '../sync/retry.ts'
import { retentionCutoffs, type PurgeCounts, type PurgeResult } from '#domain/retention.ts'
import { anonymiseNotes, anonymiseSubscribers, anonymiseVisits } from './anonymise.ts'
import { loadRetention, RETENTION_ENTITY } from './settings.ts'

/** Records per kind per transaction: bounds how long a run holds the subdistrict's counter lock. */
export const PURGE_BATCH = 200

export interface PurgeDeps {
  db: Kysely<DB>
  now: () => Date
}

export async function purgeSubdistrict(
  deps: PurgeDeps,
  sd: string,
  actor: { id: string | null; display_name?: string } = { id: null },
  batch = PURGE_BATCH,
): Promise<PurgeResult> {
  const at = deps.now() // one instant for the whole run
  const cut = retentionCutoffs(at, await loadRetention(deps.db, sd))
  const counts: PurgeCounts = { meal_subscribers: 0, counter_visits: 0, free_text_notes: 0, synced_records: 0 }
  for (let done = false; !done;) {
    // Totals are taken over only once a batch commits: a retried attempt starts from the same numbers.
    const batchResult = await withTransientRetry(() =>
      deps.db.transaction().execute(async (tx) => {
        await lockCounter(tx, sd)
        const meals = await anonymiseSubscribers(tx, sd, cut.meals_before, at, batch)
        const visits = await anonymiseVisits(tx, sd, cut.counter_before, at, batch)
        const notes = await anonymiseNotes(tx, sd, cut, at, batch)
        const next: PurgeCounts = {
          meal_subscribers: counts.meal_subscribers + meals.records,
          counter_visits: counts.counter_visits + visits.records,
          free_text_notes: counts.free_text_notes + notes.records,
          synced_records: counts.synced_records + meals.synced + visits.synced + notes.synced,
        }
        const last = !meals.more && !visits.more && !notes.more
        if (last)
          await audit(tx, {
            actor: { id: actor.id, subdistrict_id: sd },
            action: 'purge',
            entity: RETENTION_ENTITY,
            entity_id: sd,
            after: { ...cut, counts: next },
            at,
          })
        return { last, next }
      }),
    )
    Object.assign(counts, batchResult.next)
    done = batchResult.last
  }
  return { at: at.toISOString(), actor_name: actor.display_name ?? null, ...cut, counts }
}

/** Every subdistrict, one after the other; a failure in one is logged and does not stop the others. */
export async function purgeAll(deps: PurgeDeps & { logger: Logger }): Promise<PurgeResult[]> {
  const subs = await deps.db.selectFrom('subdistricts').select('id').orderBy('id').execute()
  const out: PurgeResult[] = []
  for (const { id } of subs) {
    try {
      const r = await purgeSubdistrict(deps, id)
      out.push(r)
      deps.logger.log('info', 'retention_purge', { subdistrict_id: id, ...r.counts })
    } catch (e) {
      deps.logger.log('error', 'retention_purge_failed', { subdistrict_id: id, error: e instanceof Error ? e.name + ': ' + e.message : String(e) })
    }
  }
  return out
}
