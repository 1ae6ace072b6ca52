// Account management and quick user switching on a shared desk computer: a user whose password an
// admin reset must choose a new one at next sign-in; a device PIN lets a user who signed in fully on
// one device switch back to themselves there with a short PIN. The device is known by a random secret
// in its `lm_device` cookie, of which only the SHA-256 is stored (like sessions); the PIN only as an
// argon2id hash.
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('device_pins')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('last_used_at', INSTANT)
    .addPrimaryKeyConstraint('device_pins_pk', ['subdistrict_id', 'device_id', 'user_id'])
    .addForeignKeyConstraint('device_pins_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('device_pins_user_idx').on('device_pins').columns(['subdistrict_id', 'user_id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
