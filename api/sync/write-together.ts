// Writes a push transaction has decided on, sent together. On PostgreSQL each round trip is time the
// push holds its subdistrict's counter lock: the statements go as one statement, each a data-modifying
// WITH query (executed exactly once, all of them or none, on the same snapshot, so none may depend on
// another's rows). On SQLite (in process, no round trip) they run one after another, in order.
import { sql, type OperationNodeSource, type Transaction } from 'kysely'
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

async function send(tx: Transaction<DB>, group: readonly WriteStatement[], last: boolean): Promise<void> {
  if (group.length === 0) return
  if (group.length === 1 && !last) {
    await group[0]!.execute()
    return
  }
  const compiled = (group.length === 1 ? sql`${group[0]!}` : together(group)).compile(tx)
  if (group.length > 1 && compiled.parameters.length > MAX_PARAMETERS) {
    const half = group.length >> 1
    await send(tx, group.slice(0, half), false)
    await send(tx, group.slice(half), last)
    return
  }
  await tx.executeQuery(last ? { ...compiled, sql: AND_COMMIT + compiled.sql } : compiled)
}
