// The coordinator's map tables are built in the background, in chunks, instead of by the first tile
// request in one transaction: the state row says how far the build has come. A map built before this
// migration is complete (`ready`).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('patrol_map_state')
    // indexing (reports being copied in, `cursor` the last report id done), catching_up (folding the
    // changes logged during the build), ready (tiles are answered).
    .addColumn('phase', 'text', (c) => c.notNull().defaultTo('ready'))
    .execute()
  await db.schema.alterTable('patrol_map_state').addColumn('cursor', 'text').execute()
  // Placed reports indexed so far, and how many there were when the build began (for the progress shown).
  await db.schema
    .alterTable('patrol_map_state')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('patrol_map_state')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
