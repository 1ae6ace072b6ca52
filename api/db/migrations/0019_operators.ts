// Operators in the loop: accounts tied to a party, the tasks a counted vehicle opens for its operator,
// each party's webhook and the persisted queue of webhook deliveries (retried with back-off).
import type { Kysely } from 'kysely'
import { DOUBLE, INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patrol_operator_accounts')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_operator_accounts_pk', ['subdistrict_id', 'user_id'])
    .addForeignKeyConstraint('patrol_operator_accounts_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'])
    .addForeignKeyConstraint('patrol_operator_accounts_party_fk', ['subdistrict_id', 'party_id'], 'patrol_parties', ['subdistrict_id', 'id'])
    .execute()

  await db.schema
    .createTable('patrol_operator_tasks')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('hotspot_id', 'text')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('vehicles', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', INSTANT, (c) => c.notNull())
    .addColumn('agreement_id', 'text')
    .addColumn('within_minutes', 'integer')
    .addColumn('window_start', 'text')
    .addColumn('window_end', 'text')
    .addColumn('due_at', INSTANT)
    .addColumn('cleared_at', INSTANT)
    .addColumn('cleared_by', 'text')
    .addColumn('clear_photos', 'text', (c) => c.notNull())
    .addColumn('clear_note', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', INSTANT)
    .addColumn('resolved_by', 'text')
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('minutes_to_clear', DOUBLE)
    .addColumn('on_time', 'integer')
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_operator_tasks_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_operator_tasks_party_idx').on('patrol_operator_tasks').columns(['subdistrict_id', 'party_id', 'status']).execute()
  await db.schema.createIndex('patrol_operator_tasks_report_idx').on('patrol_operator_tasks').columns(['subdistrict_id', 'report_id']).execute()

  await db.schema
    .createTable('patrol_webhooks')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_webhooks_pk', ['subdistrict_id', 'party_id'])
    .addForeignKeyConstraint('patrol_webhooks_party_fk', ['subdistrict_id', 'party_id'], 'patrol_parties', ['subdistrict_id', 'id'])
    .execute()

  await db.schema
    .createTable('patrol_webhook_deliveries')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', INSTANT)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('delivered_at', INSTANT)
    .addPrimaryKeyConstraint('patrol_webhook_deliveries_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_webhook_deliveries_due_idx').on('patrol_webhook_deliveries').columns(['status', 'next_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
