// A digest of every table's rows, to prove that a refused request changed nothing. Dialect-neutral
// (Kysely introspection + plain selects), so the fuzz test holds on SQLite and PostgreSQL alike.
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

/** Tables that change on every request by design: session touch and rate-limit counters. */
export const VOLATILE_TABLES = new Set(['sessions', 'rate_limits', 'kysely_migration', 'kysely_migration_lock'])

const tableNames = new WeakMap<Kysely<any>, Promise<string[]>>()

export async function dbDigest(db: Kysely<any>, skip: Set<string> = VOLATILE_TABLES): Promise<string> {
  const hash = createHash('sha256')
  // Introspection is the slow part; the set of tables does not change while a test runs.
  if (!tableNames.has(db))
    tableNames.set(
      db,
      db.introspection.getTables().then((ts) => ts.map((t) => t.name).sort()),
    )
  const tables = (await tableNames.get(db)!).filter((n) => !skip.has(n))
  for (const name of tables) {
    const rows = await db.selectFrom(name).selectAll().execute()
    // Row order is not guaranteed without ORDER BY: sort the serialised rows instead.
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort()
    hash.update(`${name}:${lines.length}\n${lines.join('\n')}\n`)
  }
  return hash.digest('hex')
}

const STAMPS = ['updated_at', 'created_at', 'version', 'seq', 'at', 'changed_at', 'deleted_at', 'count']
const fingerprintSql = new WeakMap<Kysely<any>, Promise<string>>()

/**
 * A cheap per-request check: each table's row count and the largest of its time/version columns, in one
 * query. The fuzz test runs it after every refused request and the full digest after each operation.
 */
export async function dbFingerprint(db: Kysely<any>, skip: Set<string> = VOLATILE_TABLES): Promise<string> {
  if (!fingerprintSql.has(db)) {
    fingerprintSql.set(
      db,
      db.introspection.getTables().then((tables) =>
        tables
          .filter((t) => !skip.has(t.name))
          .map((t) => {
            const stamps = t.columns.filter((c) => STAMPS.includes(c.name)).map((c) => `max(${c.name}) as ${c.name}`)
            return `select '${t.name}' as t, count(*) as n${stamps.map((s) => ', ' + s).join('')} from ${t.name}`
          })
          .join('\n'),
      ),
    )
  }
  const queries = (await fingerprintSql.get(db)!).split('\n')
  const results = await Promise.all(queries.map((q) => sql.raw(q).execute(db)))
  return JSON.stringify(
    results.map((r) => r.rows),
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  )
}
