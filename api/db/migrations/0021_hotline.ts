// 12345 hotline work orders (接诉即办): one row per order the office received, its order number unique
// per subdistrict (an export imported twice adds nothing), the link to a patrol report, hotspot or
// counter matter, the reply and the callback satisfaction. The caller's number is kept only masked.
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hotline_work_orders')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('order_no', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', INSTANT, (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('deadline_at', INSTANT, (c) => c.notNull())
    .addColumn('caller_masked', 'text')
    .addColumn('link_kind', 'text')
    .addColumn('link_id', 'text')
    .addColumn('reply', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replied_at', INSTANT)
    .addColumn('replied_by', 'text')
    .addColumn('satisfaction', 'text')
    .addColumn('satisfaction_at', INSTANT)
    .addColumn('import_file', 'text')
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('hotline_work_orders_pk', ['subdistrict_id', 'id'])
    .addUniqueConstraint('hotline_work_orders_no_uq', ['subdistrict_id', 'order_no'])
    .execute()
  await db.schema.createIndex('hotline_work_orders_deadline_idx').on('hotline_work_orders').columns(['subdistrict_id', 'deadline_at']).execute()
  await db.schema.createIndex('hotline_work_orders_received_idx').on('hotline_work_orders').columns(['subdistrict_id', 'received_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
