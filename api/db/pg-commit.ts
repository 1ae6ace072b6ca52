// PostgreSQL: a transaction's last write sent with its COMMIT right behind it, both at once (node-pg's
// pipeline mode), so the locks the transaction holds go as soon as the server has done the write, not
// a turn of this process's event loop later, when it has read the write's answer and sent COMMIT. A
// query asks for it by starting with AND_COMMIT; the COMMIT (or ROLLBACK) Kysely sends after the
// transaction's callback is then answered here, without a round trip: the transaction has ended.
// Several statements can go that way too (`pipelineAndCommit`): e.g. the statement that takes a lock,
// the write and COMMIT, all sent before the first is answered, so the lock is held only for the time
// the server needs, whatever this process is busy with.
import type pg from 'pg'
import { CompiledQuery } from 'kysely'

/** The leading comment of a query that is its transaction's last: COMMIT is sent right behind it. */
export const AND_COMMIT = '/* and commit */ '

/**
 * The leading comment of a query that stands for several sent at once with COMMIT behind them: its one
 * parameter lists them (their texts follow the comment, for logs only).
 */
export const PIPELINE_AND_COMMIT = '/* pipeline and commit */ '

interface Sent {
  text: string
  values: readonly unknown[]
}

/**
 * One query for the transaction to execute that sends these queries and COMMIT at once (pipeline mode)
 * and answers the last one's result once all are answered; it throws the first failure (the ones after
 * it fail as the transaction is aborted, and COMMIT answers ROLLBACK). Only on a pool client set up by
 * commitWithLastWrite; the transaction has ended either way.
 */
export function pipelineAndCommit(queries: readonly CompiledQuery[]): CompiledQuery {
  const sent: Sent[] = queries.map((q) => ({ text: q.sql, values: q.parameters }))
  return CompiledQuery.raw(PIPELINE_AND_COMMIT + sent.map((q) => q.text).join(';\n'), [sent])
}

/** The node-pg client's pipeline switch (a constructor option; read on each send). */
interface Pipelined {
  pipeline: boolean
}

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>

/** Makes a pool client send an AND_COMMIT query with COMMIT behind it (call on the pool's `connect`). */
export function commitWithLastWrite(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  let ended = false
  const patched = (...args: unknown[]) => {
    const [text, values] = args
    if (typeof text === 'string') {
      if (text.startsWith(AND_COMMIT)) {
        ended = true
        return sendAndCommit(client, query as Query, [{ text, values: (values as unknown[] | undefined) ?? [] }])
      }
      if (text.startsWith(PIPELINE_AND_COMMIT)) {
        ended = true
        return sendAndCommit(client, query as Query, (values as [Sent[]])[0])
      }
      if (ended && (text === 'commit' || text === 'rollback')) {
        ended = false
        return Promise.resolve({ command: text.toUpperCase(), rowCount: null, rows: [], fields: [], oid: 0 })
      }
    }
    ended = false
    return query(...args)
  }
  client.query = patched as typeof client.query
}

/**
 * Sends the queries and COMMIT together and answers the last query's result once all are answered.
 * The transaction has ended either way: a failed query aborts it, and the COMMIT behind it then answers
 * ROLLBACK. Only a COMMIT answered COMMIT after queries that all succeeded is success; otherwise the
 * first failure is thrown.
 */
async function sendAndCommit(client: pg.PoolClient, query: Query, queries: readonly Sent[]): Promise<pg.QueryResult> {
  const c = client as unknown as Pipelined
  c.pipeline = true
  let answers: PromiseSettledResult<pg.QueryResult>[]
  try {
    // All are written to the socket now; the switch stays on until all are answered (node-pg takes
    // the answer to COMMIT from its queue of sent queries only in pipeline mode).
    answers = await Promise.allSettled([...queries.map((q) => query(q.text, [...q.values])), query('commit')])
  } finally {
    c.pipeline = false
  }
  for (const a of answers) if (a.status === 'rejected') throw a.reason
  const commit = answers.at(-1) as PromiseFulfilledResult<pg.QueryResult>
  if (commit.value.command !== 'COMMIT') throw new Error(`the transaction ended with ${commit.value.command}, not COMMIT`)
  return (answers.at(-2) as PromiseFulfilledResult<pg.QueryResult>).value
}
