// Reading and saving a subdistrict's retention periods. Saving is audited with before and after in the
// same transaction; the page also shows the last purge, read back from its audit entry.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { audit } from '../audit/audit.ts'
import { PurgeResult, RETENTION_DEFAULTS, type RetentionInput, type RetentionView } from '#domain/retention.ts'

export const RETENTION_ENTITY = 'retention'

export async function loadRetention(db: Kysely<DB>, sd: string): Promise<RetentionInput & { is_default: boolean; updated_at: string | null }> {
  const row = await db.selectFrom('retention_settings').select(['meals_days', 'counter_days', 'updated_at']).where('subdistrict_id', '=', sd).executeTakeFirst()
  if (!row) return { ...RETENTION_DEFAULTS, is_default: true, updated_at: null }
  return { meals_days: Number(row.meals_days), counter_days: Number(row.counter_days), is_default: false, updated_at: row.updated_at }
}

/** The latest purge of this subdistrict, from its audit entry (one per run). */
export async function lastPurge(db: Kysely<DB>, sd: string): Promise<PurgeResult | null> {
  const row = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'a.subdistrict_id').onRef('u.id', '=', 'a.actor_id'))
    .select(['a.at', 'a.after_json', 'u.display_name'])
    .where('a.subdistrict_id', '=', sd)
    .where('a.entity', '=', RETENTION_ENTITY)
    .where('a.action', '=', 'purge')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row?.after_json) return null
  const parsed = PurgeResult.omit({ at: true, actor_name: true }).safeParse(JSON.parse(row.after_json))
  return parsed.success ? { at: row.at, actor_name: row.display_name ?? null, ...parsed.data } : null
}

export async function retentionView(db: Kysely<DB>, sd: string): Promise<RetentionView> {
  return { ...(await loadRetention(db, sd)), last_purge: await lastPurge(db, sd) }
}

export async function saveRetention(db: Kysely<DB>, actor: { id: string; subdistrict_id: string }, input: RetentionInput, now: Date): Promise<RetentionView> {
  const sd = actor.subdistrict_id
  await db.transaction().execute(async (tx) => {
    const before = await loadRetention(tx, sd)
    const values = { meals_days: input.meals_days, counter_days: input.counter_days, updated_at: now.toISOString(), updated_by: actor.id }
    await tx
      .insertInto('retention_settings')
      .values({ subdistrict_id: sd, ...values })
      .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet(values))
      .execute()
    await audit(tx, {
      actor,
      action: 'update',
      entity: RETENTION_ENTITY,
      entity_id: sd,
      before: { meals_days: before.meals_days, counter_days: before.counter_days, is_default: before.is_default },
      after: { meals_days: input.meals_days, counter_days: input.counter_days },
      at: now,
    })
  })
  return retentionView(db, sd)
}
