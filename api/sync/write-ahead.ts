// PostgreSQL: a checked batch of new records written with everything computed before the counter lock.
// The handler's writes (writeAhead: for reports, the hotspot fold over the sites read now) and the
// batch's change-log and result rows are ready before the lock; then three statements go at once
// (api/db/pg-commit.ts): the guard, which takes the subdistrict's counter lock and fails if anything the
// writes were computed from changed since; the writes, the change log with seqs counted in SQL from the
// counter and the counter moved on, as one statement (write-together.ts); COMMIT. So the lock is held
// for as long as the server takes to run them, never for a turn of this process's event loop. When
// the guard refuses (SQLSTATE LMSTL), nothing was written and the caller applies the chunk again with
// the fold under the lock (create-batch.ts writeBatch).
import { sql, type Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Mutation, MutationResult } from '#domain/sync.ts'
import { changeLogInsert, resultsInsert, type BatchWrites, type PushCtx } from './apply-mutation.ts'
import type { CreateBatch } from './create-batch.ts'
import { compileTogether, writeTogether, type WriteStatement } from './write-together.ts'
import { pipelineAndCommit } from '../db/pg-commit.ts'
import { SITES_CHANGED } from '../modules/patrol/hotspots/service.ts'

/** Rows per INSERT, as flushWrites. */
const ROWS_PER_INSERT = 100

/** The guard refused: what the batch's writes were computed from changed before the lock was granted. */
export const isGuardRefusal = (err: unknown) => (err as { code?: unknown } | null)?.code === SITES_CHANGED

/**
 * The seq of the n-th change of the batch (from 1): the counter as the statement reads it plus n. Every
 * change-log insert is sent before the counter's write (the same statement or an earlier one), so each
 * reads the counter as the guard's lock left it, which no other writer moves until this transaction ends.
 */
const seqAt = (tx: Transaction<DB>, sd: string, n: number) => sql<number>`(select seq from sync_counters where subdistrict_id = ${sd}) + ${n}::bigint`

/**
 * Writes a prepared batch with new records whose handler can write ahead of the lock (batch.writeAhead),
 * as writeBatch would, and commits: the transaction has ended when this returns. Throws the guard's refusal
 * (isGuardRefusal) when the writes are stale; the transaction is then rolled back.
 */
export async function writeBatchAhead(
  tx: Transaction<DB>,
  ctx: PushCtx,
  chunk: readonly Mutation[],
  known: ReadonlyMap<string, MutationResult>,
  batch: CreateBatch,
): Promise<MutationResult[]> {
  const sd = ctx.user.subdistrict_id
  const ahead = await batch.writeAhead!(tx)
  const results: MutationResult[] = []
  const changes: BatchWrites['changes'] = []
  const rows: BatchWrites['results'] = []
  for (const m of chunk) {
    const was = known.get(m.id)
    if (was) {
      results.push(was)
      continue
    }
    const item = batch.items.get(m.id)!
    if (item.change) changes.push({ ...item.change, seq: seqAt(tx, sd, changes.length + 1) as unknown as number })
    rows.push(item.row)
    results.push(item.result)
  }
  const statements: WriteStatement[] = [...ahead.writes]
  for (let i = 0; i < changes.length; i += ROWS_PER_INSERT) statements.push(changeLogInsert(tx, changes.slice(i, i + ROWS_PER_INSERT)))
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) statements.push(resultsInsert(tx, rows.slice(i, i + ROWS_PER_INSERT)))
  // Last: the change-log inserts read the counter before it moves.
  if (changes.length)
    statements.push(
      tx
        .updateTable('sync_counters')
        .set({ seq: sql`seq + ${changes.length}::bigint` })
        .where('subdistrict_id', '=', sd),
    )
  const guard = ahead.guard
  if (ahead.after) {
    // Something must follow the writes in the transaction (a webhook delivery queued): the guard, the
    // writes, then that, then the caller's COMMIT.
    await guard.execute(tx)
    await writeTogether(tx, 'postgres', statements)
    await ahead.after()
    return results
  }
  await tx.executeQuery(pipelineAndCommit([guard.compile(tx), ...compileTogether(tx, statements)]))
  return results
}
