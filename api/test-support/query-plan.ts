// The plan the database chose for a compiled query, as text: PostgreSQL's EXPLAIN lines or SQLite's
// EXPLAIN QUERY PLAN details, one per line. Tests assert on it (an index used, no scan).
import { CompiledQuery, type Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { DB } from '../db/schema.ts'

export async function queryPlan(db: Kysely<DB>, dialect: DialectName, q: CompiledQuery): Promise<string> {
  const prefix = dialect === 'postgres' ? 'EXPLAIN ' : 'EXPLAIN QUERY PLAN '
  const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]))
  return res.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n')
}
