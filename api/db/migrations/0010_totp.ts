// TOTP second factor: the shared secret per user (unconfirmed until the first code proves the
// authenticator has it), single-use recovery codes (hashes only) and the short-lived pending sign-in
// between the password step and the code step (hash of the cookie's secret only, like sessions).
import type { Kysely } from 'kysely'
import { INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', INSTANT)
    .addColumn('last_step', 'integer')
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_totp_pk', ['subdistrict_id', 'user_id'])
    .addForeignKeyConstraint('user_totp_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .execute()

  await db.schema
    .createTable('user_recovery_codes')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', INSTANT)
    .addPrimaryKeyConstraint('user_recovery_codes_pk', ['subdistrict_id', 'user_id', 'code_hash'])
    .addForeignKeyConstraint('user_recovery_codes_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .execute()

  await db.schema
    .createTable('login_challenges')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('expires_at', INSTANT, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('login_challenges_pk', ['subdistrict_id', 'id'])
    .addForeignKeyConstraint('login_challenges_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
