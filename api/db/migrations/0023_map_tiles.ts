// The coordinator's map as tiles: each placed report's grid position with the values the map filters
// on, report counts per grid cell and zoom (so a tile costs the same at a thousand reports as at a
// million), one version per tile bumped when a report in it changes, and how far the change log has
// been read into these tables.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patrol_map_index')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('gx', 'integer', (c) => c.notNull())
    .addColumn('gy', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_map_index_pk', ['subdistrict_id', 'report_id'])
    .execute()
  await db.schema.createIndex('patrol_map_index_grid_idx').on('patrol_map_index').columns(['subdistrict_id', 'gx', 'gy']).execute()

  await db.schema
    .createTable('patrol_map_cells')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('cx', 'integer', (c) => c.notNull())
    .addColumn('cy', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // Sums of the reports' grid positions: n × 2^30 needs 64 bits.
    .addColumn('sx', 'bigint', (c) => c.notNull())
    .addColumn('sy', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_map_cells_pk', ['subdistrict_id', 'level', 'cx', 'cy', 'kind', 'status', 'community_id'])
    .execute()

  await db.schema
    .createTable('patrol_map_tiles')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('z', 'integer', (c) => c.notNull())
    .addColumn('x', 'integer', (c) => c.notNull())
    .addColumn('y', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_map_tiles_pk', ['subdistrict_id', 'z', 'x', 'y'])
    .execute()

  await db.schema
    .createTable('patrol_map_state')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    // Changes up to this seq are in the tables above; epoch names one build of them (part of every ETag).
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('epoch', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_map_state_pk', ['subdistrict_id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
