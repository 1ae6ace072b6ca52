// Writes a push transaction has decided on, sent together. On PostgreSQL each round trip is time the
// push holds its subdistrict's counter lock: the statements go as one statement, each a data-modifying
// WITH query (executed exactly once, all of them or none, on the same snapshot, so none may depend on
// another's rows). On SQLite (in process, no round trip) they run one after another, in order.
import { sql, type CompiledQuery, type OperationNodeSource, type Transaction } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { DB } from '../db/schema.ts'
import { AND_COMMIT } from '../db/pg-commit.ts'

/** A write statement built on the transaction (an insert, update or delete builder). */
export interface WriteStatement extends OperationNodeSource {
  execute(): Promise<unknown>
}

/** Bound parameters per combined statement: well below PostgreSQL's 65 535. */
const MAX_PARAMETERS = 30_000

/**
 * `last`: nothing follows these writes in the transaction but COMMIT; on PostgreSQL it is sent right
 * behind the last statement, without waiting for its answer (api/db/pg-commit.ts), and this throws
 * unless the transaction committed. The caller's transaction then only ends.
 */
export async function writeTogether(tx: Transaction<DB>, dialect: DialectName, statements: readonly WriteStatement[], last = false): Promise<void> {
  if (dialect !== 'postgres') {
    for (const s of statements) await s.execute()
    return
  }
  await send(tx, statements, last)
}

/** Statements as one: each a data-modifying WITH query of `select 1`. */
export const together = (statements: readonly WriteStatement[]) => sql`with ${sql.join(statements.map((s, i) => sql`${sql.id(`w${i}`)} as (${s})`))} select 1`

/**
 * Statements as few compiled queries, in order: all of them as one, or split in halves until each
 * stays under the parameter bound.
 */
export function compileTogether(tx: Transaction<DB>, group: readonly WriteStatement[]): CompiledQuery[] {
  if (group.length === 0) return []
  const compiled = (group.length === 1 ? sql`${group[0]!}` : together(group)).compile(tx)
  if (group.length === 1 || compiled.parameters.length <= MAX_PARAMETERS) return [compiled]
  const half = group.length >> 1
  return [...compileTogether(tx, group.slice(0, half)), ...compileTogether(tx, group.slice(half))]
}

async function send(tx: Transaction<DB>, group: readonly WriteStatement[], last: boolean): Promise<void> {
  if (group.length === 0) return
  if (group.length === 1 && !last) {
    await group[0]!.execute()
    return
  }
  const compiled = compileTogether(tx, group)
  for (const [i, q] of compiled.entries()) await tx.executeQuery(last && i === compiled.length - 1 ? { ...q, sql: AND_COMMIT + q.sql } : q)
}
