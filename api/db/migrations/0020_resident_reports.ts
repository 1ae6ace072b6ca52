// Residents' obstruction reports (no sign-in), held for the office's moderation: the follow-up code a
// resident looks it up by, keyed hashes of the device token and the address (for the limits), the
// optional phone (anonymised under retention), the decision and the report or hotspot it led to. The
// proof-of-work challenges already spent, until they expire. And where each patrol report came from.
import type { Kysely } from 'kysely'
import { DOUBLE, INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('patrol_reports')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('inspector'))
    .execute()

  await db.schema
    .createTable('resident_reports')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('lat', DOUBLE, (c) => c.notNull())
    .addColumn('lng', DOUBLE, (c) => c.notNull())
    .addColumn('accuracy_m', DOUBLE, (c) => c.notNull())
    .addColumn('position_source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('operator_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('photo_hash', 'text')
    .addColumn('observed_at', INSTANT, (c) => c.notNull())
    .addColumn('received_at', INSTANT, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply', 'text', (c) => c.notNull())
    .addColumn('decided_at', INSTANT)
    .addColumn('decided_by', 'text')
    .addColumn('report_id', 'text')
    .addColumn('merged_report_id', 'text')
    .addColumn('merged_hotspot_id', 'text')
    .addColumn('anonymised_at', INSTANT)
    .addPrimaryKeyConstraint('resident_reports_pk', ['subdistrict_id', 'id'])
    .addUniqueConstraint('resident_reports_code_uq', ['subdistrict_id', 'code'])
    .execute()
  await db.schema.createIndex('resident_reports_code_idx').on('resident_reports').column('code').execute()
  await db.schema.createIndex('resident_reports_queue_idx').on('resident_reports').columns(['subdistrict_id', 'status', 'received_at']).execute()
  await db.schema.createIndex('resident_reports_device_idx').on('resident_reports').columns(['subdistrict_id', 'device_hash', 'received_at']).execute()
  await db.schema.createIndex('resident_reports_ip_idx').on('resident_reports').columns(['subdistrict_id', 'ip_hash', 'received_at']).execute()

  await db.schema
    .createTable('resident_pow_spent')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('resident_pow_spent_pk', ['subdistrict_id', 'nonce'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
