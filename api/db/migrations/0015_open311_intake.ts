// Reports that arrive without a position (an Open311 request with only an address): flagged until an
// office user places them on the map; and the media links an Open311 client sent, kept as links.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('patrol_reports')
    .addColumn('needs_position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('patrol_reports')
    .addColumn('media_urls', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema.createIndex('patrol_reports_unplaced_idx').on('patrol_reports').columns(['subdistrict_id', 'needs_position']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
