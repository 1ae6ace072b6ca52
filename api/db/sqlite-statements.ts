// Kysely's SQLite driver prepares every query it runs; preparing costs about as much as running a
// small one. The app sends the same few hundred SQL texts over and over (parameters are bound, never
// inlined), so each connection keeps its prepared statements, least recently used dropped past `max`.
// SQLite re-prepares a kept statement by itself after a schema change (a migration).
import type SQLite from 'better-sqlite3'
import type { SqliteDatabase } from 'kysely'

export function cachedStatements(sqlite: SQLite.Database, max = 500): SqliteDatabase & { readonly size: number } {
  const kept = new Map<string, SQLite.Statement>()
  return {
    prepare(sql: string) {
      let stmt = kept.get(sql)
      if (stmt) {
        // Most recently used last: a Map iterates in insertion order.
        kept.delete(sql)
      } else {
        stmt = sqlite.prepare(sql)
        if (kept.size >= max) kept.delete(kept.keys().next().value!)
      }
      kept.set(sql, stmt)
      return stmt
    },
    close() {
      kept.clear()
      sqlite.close()
    },
    get size() {
      return kept.size
    },
  }
}
