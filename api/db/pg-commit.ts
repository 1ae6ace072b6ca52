// PostgreSQL: a transaction's last write sent with its COMMIT right behind it, both at once (node-pg's
// pipeline mode), so the locks the transaction holds go as soon as the server has done the write, not
// a turn of this process's event loop later, when it has read the write's answer and sent COMMIT. A
// query asks for it by starting with AND_COMMIT; the COMMIT (or ROLLBACK) Kysely sends after the
// transaction's callback is then answered here, without a round trip: the transaction has ended.
import type pg from 'pg'

/** The leading comment of a query that is its transaction's last: COMMIT is sent right behind it. */
export const AND_COMMIT = '/* and commit */ '

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
        return writeAndCommit(client, query as Query, text, values as unknown[] | undefined)
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
 * Sends the write and COMMIT together and answers the write's result once both are answered. The
 * transaction has ended either way: a failed write aborts it, and the COMMIT behind it then answers
 * ROLLBACK. Only a COMMIT answered COMMIT after a write that succeeded is success.
 */
async function writeAndCommit(client: pg.PoolClient, query: Query, text: string, values: unknown[] | undefined): Promise<pg.QueryResult> {
  const c = client as unknown as Pipelined
  c.pipeline = true
  let write: PromiseSettledResult<pg.QueryResult>
  let commit: PromiseSettledResult<pg.QueryResult>
  try {
    // Both are written to the socket now; the switch stays on until both are answered (node-pg takes
    // the answer to COMMIT from its queue of sent queries only in pipeline mode).
    ;[write, commit] = await Promise.allSettled([query(text, values), query('commit')])
  } finally {
    c.pipeline = false
  }
  if (write.status === 'rejected') throw write.reason
  if (commit.status === 'rejected') throw commit.reason
  if (commit.value.command !== 'COMMIT') throw new Error(`the transaction ended with ${commit.value.command}, not COMMIT`)
  return write.value
}
