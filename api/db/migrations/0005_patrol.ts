// Patrol reports, repeat sightings and the operator list. subdistrict_id leads every key; the
// (subdistrict, lat, lng) index serves the "open reports within 50 m" bounding-box pre-filter.
import type { Kysely } from 'kysely'
import { DOUBLE, INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patrol_reports')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text', (c) => c.notNull())
    .addColumn('lat', DOUBLE, (c) => c.notNull())
    .addColumn('lng', DOUBLE, (c) => c.notNull())
    .addColumn('accuracy_m', DOUBLE, (c) => c.notNull())
    .addColumn('position_source', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('blocked_share', DOUBLE)
    .addColumn('clear_width_m', DOUBLE)
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('observed_at', INSTANT, (c) => c.notNull())
    .addColumn('received_at', INSTANT, (c) => c.notNull())
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_reports_pk', ['subdistrict_id', 'id'])
    .addForeignKeyConstraint('patrol_reports_community_fk', ['subdistrict_id', 'community_id'], 'communities', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_reports_latlng_idx').on('patrol_reports').columns(['subdistrict_id', 'lat', 'lng']).execute()
  await db.schema.createIndex('patrol_reports_community_idx').on('patrol_reports').columns(['subdistrict_id', 'community_id', 'observed_at']).execute()

  await db.schema
    .createTable('patrol_observations')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text', (c) => c.notNull())
    .addColumn('lat', DOUBLE, (c) => c.notNull())
    .addColumn('lng', DOUBLE, (c) => c.notNull())
    .addColumn('accuracy_m', DOUBLE, (c) => c.notNull())
    .addColumn('position_source', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('blocked_share', DOUBLE)
    .addColumn('clear_width_m', DOUBLE)
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('observed_at', INSTANT, (c) => c.notNull())
    .addColumn('received_at', INSTANT, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_observations_pk', ['subdistrict_id', 'id'])
    .addForeignKeyConstraint('patrol_observations_report_fk', ['subdistrict_id', 'report_id'], 'patrol_reports', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('patrol_observations_report_idx').on('patrol_observations').columns(['subdistrict_id', 'report_id', 'observed_at']).execute()

  await db.schema
    .createTable('patrol_operators')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('patrol_operators_pk', ['subdistrict_id', 'id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
