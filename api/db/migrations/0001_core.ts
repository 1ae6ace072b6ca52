// Foundation tables. subdistrict_id leads every primary and unique key so the schema can be
// distributed by it (Citus) without a rewrite.
import type { Kysely } from 'kysely'
import { DOUBLE, INSTANT } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subdistricts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('center_lat', DOUBLE, (c) => c.notNull())
    .addColumn('center_lng', DOUBLE, (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('communities')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull().references('subdistricts.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('center_lat', DOUBLE, (c) => c.notNull())
    .addColumn('center_lng', DOUBLE, (c) => c.notNull())
    .addPrimaryKeyConstraint('communities_pk', ['subdistrict_id', 'id'])
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull().references('subdistricts.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['subdistrict_id', 'id'])
    .addUniqueConstraint('users_username_uq', ['subdistrict_id', 'username'])
    .execute()
  await db.schema.createIndex('users_username_idx').on('users').column('username').execute()

  await db.schema
    .createTable('user_communities')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_communities_pk', ['subdistrict_id', 'user_id', 'community_id'])
    .addForeignKeyConstraint('user_communities_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .addForeignKeyConstraint('user_communities_community_fk', ['subdistrict_id', 'community_id'], 'communities', ['subdistrict_id', 'id'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('last_seen_at', INSTANT, (c) => c.notNull())
    .addColumn('absolute_expires_at', INSTANT, (c) => c.notNull())
    .addPrimaryKeyConstraint('sessions_pk', ['subdistrict_id', 'id'])
    .addForeignKeyConstraint('sessions_user_fk', ['subdistrict_id', 'user_id'], 'users', ['subdistrict_id', 'id'], (f) => f.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['subdistrict_id', 'user_id']).execute()

  await db.schema
    .createTable('rate_limits')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', INSTANT, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['subdistrict_id', 'key'])
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', INSTANT, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('audit_log_pk', ['subdistrict_id', 'id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
