// Retention of residents' personal data: per-subdistrict periods for meals and counter. The
// purge itself changes existing rows only; the last run is read back from the audit log. Two indexes
// let the daily purge find a resident's sales and a record's stored push results without a full scan
// (visits are found by age through counter_visits_at_idx from 0004).
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_settings')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('meals_days', 'integer', (c) => c.notNull())
    .addColumn('counter_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('retention_settings_pk', ['subdistrict_id'])
    .execute()
  await db.schema.createIndex('meal_sales_subscriber_idx').on('meal_sales').columns(['subdistrict_id', 'subscriber_id']).execute()
  await db.schema.createIndex('applied_mutations_entity_idx').on('applied_mutations').columns(['subdistrict_id', 'entity', 'entity_id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
