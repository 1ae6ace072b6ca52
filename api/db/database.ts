// Opens the database named by DATABASE_URL: a file path means SQLite (the default, one machine),
// postgres:// means PostgreSQL (city scale). Both go through the same Kysely schema and migrations.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type KyselyConfig } from 'kysely'
import type { DB } from './schema.ts'
import type { DialectName } from './dialect.ts'
import { migrations } from './migrations/index.ts'
import { cachedStatements } from './sqlite-statements.ts'
import { commitWithLastWrite } from './pg-commit.ts'

export interface Database {
  db: Kysely<DB>
  dialect: DialectName
  close(): Promise<void>
}

export interface OpenOptions {
  /** PostgreSQL pool size for this process (DB_POOL_MAX); N replicas open up to N × this many connections. */
  poolMax?: number
  /** Kysely query log hook (tests capture the SQL of a query to EXPLAIN it). */
  log?: KyselyConfig['log']
  /** Called when PostgreSQL drops an idle pooled connection (restart, failover, terminate); the pool replaces it. */
  onIdleError?: (err: Error) => void
}

export function openDatabase(url: string, opts: OpenOptions = {}): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Instants are stored as text, so no type parsers are needed; bigint counts come back as strings.
    const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 10 })
    // Without a listener, an idle connection killed by the server (restart, failover, a dropped test
    // database) is an uncaught 'error' event that takes the whole process down.
    pool.on('error', (err) => opts.onIdleError?.(err))
    // A transaction's last write can be sent with its COMMIT behind it (pg-commit.ts).
    pool.on('connect', commitWithLastWrite)
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: opts.log })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '')
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }), log: opts.log })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
