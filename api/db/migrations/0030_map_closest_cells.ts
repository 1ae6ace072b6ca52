// The coordinator map's closest zoom clusters its dense cells too, from cell counts of one more level
// (tile zoom 18's cells): maps built before have no counts at that level, so they are built again (in
// the background, as on a fresh deployment) to fill them in.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['patrol_map_state', 'patrol_map_tiles', 'patrol_map_cells', 'patrol_map_index']) await db.deleteFrom(table).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
