// Sync engine and media tables. subdistrict_id leads every key (tenancy); seq comes from a counter row,
// not an autoincrement, so SQLite and PostgreSQL behave alike and commits stay in seq order.
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_counters')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('change_log')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text')
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('change_log_pk', ['subdistrict_id', 'seq'])
    .execute()
  await db.schema.createIndex('change_log_entity_idx').on('change_log').columns(['subdistrict_id', 'entity', 'entity_id']).execute()

  await db.schema
    .createTable('applied_mutations')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('applied_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('applied_mutations_pk', ['subdistrict_id', 'mutation_id'])
    .execute()

  await db.schema
    .createTable('media_objects')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('stored_hash', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('media_objects_pk', ['subdistrict_id', 'hash'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
