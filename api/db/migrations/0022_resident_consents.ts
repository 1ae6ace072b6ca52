// Residents' consent (PIPL): one row per consent given — the resident (a meals subscriber, or a counter
// visitor known only by the keyed hash of their phone), the kind, the purposes it was given for, who
// explained it and when, and when it was withdrawn. Existing residents get no row: their consent reads
// "not recorded" until the staff record it at the next visit. A resident who withdrew everything while
// still holding tickets collects them with an anonymous pickup code.
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resident_consents')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('granted_at', INSTANT, (c) => c.notNull())
    .addColumn('explained_by', 'text')
    .addColumn('withdrawn_at', INSTANT)
    .addColumn('withdrawn_by', 'text')
    .addPrimaryKeyConstraint('resident_consents_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('resident_consents_subject_idx').on('resident_consents').columns(['subdistrict_id', 'subject_id']).execute()
  await db.schema.alterTable('meal_subscribers').addColumn('pickup_code', 'text').execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
