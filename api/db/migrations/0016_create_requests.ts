// The creates made over REST under a client-made id: the first answer is kept for a day, so the same
// request sent again (a double tap, a retry after a lost answer, two processes at once) gets it back.
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('create_requests')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('create_requests_pk', ['subdistrict_id', 'id'])
    .execute()
  await db.schema.createIndex('create_requests_at_idx').on('create_requests').columns(['subdistrict_id', 'created_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
