// One purge run for a subdistrict: each module's retention hooks anonymise what is past retention,
// batch by batch, each batch one transaction that takes the change-log lock first (like a push), and one
// audit entry for the run, written in the last batch's transaction. A second run finds nothing left to do.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Logger } from '../http/logger.ts'
import { audit } from '../audit/audit.ts'
import { lockCounter } from '../sync/change-log.ts'
import { withTransientRetry } from '../sync/retry.ts'
import { retentionCutoffs, type PurgeCounts, type PurgeResult } from '#domain/retention.ts'
import type { ServerModule } from '../modules/module.ts'
import { loadRetention, RETENTION_ENTITY } from './settings.ts'

/** Records per kind per transaction: bounds how long a run holds the subdistrict's counter lock. */
export const PURGE_BATCH = 200

export interface PurgeDeps {
  db: Kysely<DB>
  now: () => Date
  /** The app's modules: their retention hooks say what to anonymise. */
  modules: readonly Pick<ServerModule, 'retention'>[]
}

export async function purgeSubdistrict(
  deps: PurgeDeps,
  sd: string,
  actor: { id: string | null; display_name?: string } = { id: null },
  batch = PURGE_BATCH,
): Promise<PurgeResult> {
  const at = deps.now() // one instant for the whole run
  const cut = retentionCutoffs(at, await loadRetention(deps.db, sd))
  const counts: PurgeCounts = { meal_subscribers: 0, counter_visits: 0, free_text_notes: 0, resident_reports: 0, synced_records: 0 }
  const hooks = deps.modules.flatMap((m) => m.retention ?? [])
  for (let done = false; !done;) {
    // Totals are taken over only once a batch commits: a retried attempt starts from the same numbers.
    const batchResult = await withTransientRetry(() =>
      deps.db.transaction().execute(async (tx) => {
        await lockCounter(tx, sd)
        const next: PurgeCounts = { ...counts }
        let last = true
        for (const hook of hooks) {
          const r = await hook.anonymise(tx, sd, cut[hook.cutoff], at, batch)
          next[hook.counts] += r.records
          next.synced_records += r.synced
          if (r.more) last = false
        }
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
