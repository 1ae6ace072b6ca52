// The coordinator map's index gets each report's Morton key (grid x and y bits interleaved), indexed
// with every column a tile reads: the reports of a tile or of a cell are then one contiguous index
// range, where the (gx, gy) index read the whole strip of the map the tile's x range crosses, so a
// tile's first answer grew with the number of reports around it. Maps built before are built again
// (in the background, as on a fresh deployment) to fill the key in.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['patrol_map_state', 'patrol_map_tiles', 'patrol_map_cells', 'patrol_map_index']) await db.deleteFrom(table).execute()
  await db.schema
    .alterTable('patrol_map_index')
    .addColumn('m', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.dropIndex('patrol_map_index_grid_idx').execute()
  await db.schema
    .createIndex('patrol_map_index_morton_idx')
    .on('patrol_map_index')
    .columns(['subdistrict_id', 'm', 'kind', 'status', 'community_id', 'report_id', 'gx', 'gy'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
