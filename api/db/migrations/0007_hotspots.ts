// Hotspots and the coordinator's workflow: sites with their incremental aggregates, the
// report/hotspot status history, re-checks, Open311 keys and per-photo publication approval.
import type { Kysely } from 'kysely'
import { DOUBLE, INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  // Review columns on the report row itself: the viewport query filters them with the (lat, lng) index.
  await db.schema
    .alterTable('patrol_reports')
    .addColumn('workflow_status', 'text', (c) => c.notNull().defaultTo('open'))
    .execute()
  await db.schema.alterTable('patrol_reports').addColumn('hotspot_id', 'text').execute()
  await db.schema.alterTable('patrol_reports').addColumn('merged_into', 'text').execute()
  await db.schema.createIndex('patrol_reports_hotspot_idx').on('patrol_reports').columns(['subdistrict_id', 'hotspot_id', 'observed_at']).execute()
  await db.schema.createIndex('patrol_reports_observed_idx').on('patrol_reports').columns(['subdistrict_id', 'observed_at']).execute()
  // Covers the viewport query: a range on lat in (lat, id) order — the keyset of its pages — with lng,
  // kind, status, date and community beside it, so a pan reads index entries only, never the wide rows.
  await db.schema
    .createIndex('patrol_reports_viewport_idx')
    .on('patrol_reports')
    .columns(['subdistrict_id', 'lat', 'id', 'lng', 'kind', 'workflow_status', 'observed_at', 'community_id'])
    .execute()

  await db.schema
    .createTable('patrol_hotspots')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('lat', DOUBLE, (c) => c.notNull())
    .addColumn('lng', DOUBLE, (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('landmark', 'text', (c) => c.notNull())
    .addColumn('formed', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('sighting_count', 'integer', (c) => c.notNull())
    .addColumn('first_at', INSTANT, (c) => c.notNull())
    .addColumn('last_at', INSTANT, (c) => c.notNull())
    .addColumn('score_log', DOUBLE, (c) => c.notNull())
    .addColumn('blocked_sum', DOUBLE, (c) => c.notNull())
    .addColumn('blocked_n', 'integer', (c) => c.notNull())
    .addColumn('vehicles_sum', 'integer', (c) => c.notNull())
    .addColumn('vehicles_max', 'integer', (c) => c.notNull())
    // JSON: recent instants, 168 hour slots, weeks, operators per week, kinds, addresses.
    .addColumn('aggregates', 'text', (c) => c.notNull())
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_hotspots_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_hotspots_latlng_idx').on('patrol_hotspots').columns(['subdistrict_id', 'lat', 'lng']).execute()
  await db.schema.createIndex('patrol_hotspots_rank_idx').on('patrol_hotspots').columns(['subdistrict_id', 'formed', 'score_log']).execute()

  await db.schema
    .createTable('patrol_review_events')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull()) // 'report' | 'hotspot'
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_review_events_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_review_events_target_idx').on('patrol_review_events').columns(['subdistrict_id', 'target', 'target_id', 'at']).execute()

  await db.schema
    .createTable('patrol_rechecks')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('due_at', INSTANT, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', INSTANT)
    .addColumn('done_observation_id', 'text')
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_rechecks_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_rechecks_report_idx').on('patrol_rechecks').columns(['subdistrict_id', 'report_id', 'status']).execute()

  await db.schema
    .createTable('open311_keys')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('revoked_at', INSTANT)
    .addPrimaryKeyConstraint('open311_keys_pk', ['subdistrict_id', 'id'])
    .execute()
  // Keys are looked up by hash alone (the request does not say its subdistrict); unique per subdistrict.
  await db.schema.createIndex('open311_keys_hash_uq').on('open311_keys').columns(['subdistrict_id', 'key_hash']).unique().execute()
  await db.schema.createIndex('open311_keys_hash_idx').on('open311_keys').column('key_hash').execute()

  await db.schema
    .createTable('patrol_photo_publication')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_photo_publication_pk', ['subdistrict_id', 'sha256'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
