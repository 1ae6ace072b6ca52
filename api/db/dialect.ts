// The few places where SQLite and PostgreSQL differ are named here, so migrations and queries
// stay dialect-neutral everywhere else (so PostgreSQL runs the same code).
import { PostgresAdapter, type Kysely } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Column type for floating point numbers (REAL affinity on SQLite). */
export const DOUBLE = 'double precision' as const
/** Instants are ISO 8601 UTC text: identical ordering and round-trip on both databases. */
export const INSTANT = 'text' as const
