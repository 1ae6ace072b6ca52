// Audit log with before/after: who changed what and when. The table is from 0001; this adds
// the two JSON snapshots and the index the admin page filters by (entity, newest first).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('before_json', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('after_json', 'text').execute()
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['subdistrict_id', 'entity', 'at']).execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['subdistrict_id', 'at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
