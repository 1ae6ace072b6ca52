// Start-up work that must happen once per database, not once per process: migrate and seed. Several
// API replicas starting together on one PostgreSQL take turns under an advisory lock held on one connection.
import { sql, type Kysely } from 'kysely'
import type { DB } from './schema.ts'
import type { DialectName } from './dialect.ts'
import { migrateToLatest } from './database.ts'
import { seed } from './seed/index.ts'
import type { ServerModule } from '../modules/module.ts'

/** Session-level advisory lock key ("lastmile start-up"); distinct from Kysely's own migration lock. */
export const STARTUP_LOCK_KEY = '7216473021902745001'

export interface PrepareResult {
  /** Migrations this process applied (empty when another replica got there first). */
  applied: string[]
  /** Whether this process seeded the database (only the first one to find it empty does). */
  seeded: boolean
  /** Milliseconds spent waiting for another replica's start-up (0 on SQLite). */
  waited_ms: number
}

/**
 * Migrates and seeds the database. On PostgreSQL the whole step runs on ONE pooled connection that holds
 * `pg_advisory_lock` throughout: the seed's "is it empty? then insert" check cannot interleave with another
 * replica's, and Kysely's migration-table creation never races. SQLite is one machine, one file: its
 * migrations run in transactions that already serialise writers, so no lock is needed there.
 */
export async function prepareDatabase(
  db: Kysely<DB>,
  dialect: DialectName,
  modules: readonly Pick<ServerModule, 'seed'>[],
  opts: { demo: boolean; now: Date },
): Promise<PrepareResult> {
  if (dialect !== 'postgres') {
    const applied = await migrateToLatest(db)
    return { applied, seeded: await seed(db, modules, opts), waited_ms: 0 }
  }
  return db.connection().execute(async (conn) => {
    const started = Date.now()
    await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY}::bigint)`.execute(conn)
    const waited_ms = Date.now() - started
    try {
      const applied = await migrateToLatest(conn)
      return { applied, seeded: await seed(conn, modules, opts), waited_ms }
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY}::bigint)`.execute(conn)
    }
  })
}
