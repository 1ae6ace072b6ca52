// Applies a pushed batch in order, in ONE transaction per chunk: each mutation id is stored with its
// result alongside the change, so a replayed batch changes nothing and answers the same. A chunk of new
// records with a batch writer (a device's backlog of reports) is checked before the counter lock and
// written under it in a few statements (create-batch.ts), on PostgreSQL without reading the stored
// results again under the lock; any other chunk takes the lock first and
// applies each mutation behind its own savepoint, so a rejected one undoes only its own writes
// (apply-mutation.ts). Per chunk either way: the counter lock and its seq (counted in memory, written
// back once), the reference reads the handlers repeat (api/db/tx-memo.ts), the change-log and result rows.
import type { Mutation, MutationResult, PushRequest, PushResponse } from '#domain/sync.ts'
import type { DeferredWriteCount, Deps, SessionUser } from '../http/context.ts'
import type { Lang } from '#domain/messages.ts'
import { applyInTransaction, batchWrites, findApplied, flushWrites, MutationSavepoints, resultRow, storageRejection, type PushCtx } from './apply-mutation.ts'
import { lockCounter, openSeqCursor } from './change-log.ts'
import { createBatch, writeBatch } from './create-batch.ts'
import { isGuardRefusal, writeBatchAhead } from './write-ahead.ts'
import { openTxMemo } from '../db/tx-memo.ts'
import { isTransientDbError, withTransientRetry } from './retry.ts'
import { ProblemError } from '../http/problem.ts'

/** Mutations per transaction: bounds how long one push holds the subdistrict's counter lock. */
export const MUTATIONS_PER_TRANSACTION = 100
/** Whole-chunk attempts on a deadlock/serialization failure before falling back to one transaction per mutation. */
const CHUNK_TRIES = 3
const MUTATION_TRIES = 5

/**
 * One transaction. New records that can be applied together (createBatch) are checked first, reading
 * only; then the subdistrict's counter lock, and everything is written in a few statements while it is
 * held (on PostgreSQL, unless `ahead` is false, computed before the lock and sent with it and COMMIT).
 * Any other chunk takes the lock first and applies each mutation not yet recorded, in order.
 * `together` false: always one by one (the fallback after a failed chunk).
 */
async function applyChunkOnce(
  ctx: PushCtx,
  chunk: Mutation[],
  before: ReadonlyMap<string, MutationResult>,
  together = true,
  ahead = true,
): Promise<MutationResult[]> {
  const count = ctx.writeCount && !ctx.writeCount.done ? ctx.writeCount : undefined
  let throttled = false
  const results = await ctx.deps.db.transaction().execute(async (tx) => {
    // The request's write-throttle count, here rather than in a commit of its own; past the limit this
    // transaction writes the count alone.
    if (count && (throttled = await count.count(tx))) return []
    const sd = ctx.user.subdistrict_id
    openTxMemo(tx)
    // SQLite: one connection runs one transaction at a time anyway, and the first statement being a
    // write makes the transaction a writer at once (it waits in busy_timeout, not in a failed upgrade).
    if (ctx.deps.dialect === 'sqlite' || !together) await lockCounter(tx, sd)
    const batch = together ? await createBatch(tx, ctx, chunk, before) : undefined
    // PostgreSQL, new records whose writes can be computed before the lock: the lock, the writes and
    // COMMIT sent at once (write-ahead.ts); if what they were computed from changed, the caller applies
    // the chunk again with `ahead` false.
    if (ahead && batch?.write && batch.writeAhead && ctx.deps.dialect === 'postgres') return writeBatchAhead(tx, ctx, chunk, before, batch)
    // A checked batch on PostgreSQL takes the lock in its write (writeBatch), with the write's first
    // read in the same statement.
    const lockedByWrite = batch && ctx.deps.dialect === 'postgres'
    if (!lockedByWrite) await openSeqCursor(tx, sd)
    // A checked batch on PostgreSQL stands on the results read before the transaction: a concurrent push
    // of any of its ids that committed since breaks the batch's write on the results' primary key (and
    // the records'), nothing of the chunk is written, and applyChunk applies it one mutation at a time,
    // each finding that push's result. Any other chunk reads them after the lock, where a concurrent
    // push of these ids has committed by now.
    const known = lockedByWrite
      ? new Map(before)
      : await findApplied(
          tx,
          ctx,
          chunk.map((m) => m.id),
        )
    const out = batchWrites()
    let results: MutationResult[]
    // The batch was checked against the results known before the lock; it stands only if none came since.
    if (batch && known.size === before.size) {
      results = await writeBatch(tx, ctx, chunk, known, batch, out)
    } else {
      results = []
      const savepoints = new MutationSavepoints(tx, ctx.deps.dialect)
      for (const m of chunk) {
        const result = known.get(m.id) ?? (await applyInTransaction(tx, ctx, m, out, savepoints))
        known.set(m.id, result)
        results.push(result)
      }
      await savepoints.end()
    }
    // The transaction's last statement: on PostgreSQL its COMMIT is sent right behind it.
    await flushWrites(tx, ctx.deps.dialect, sd, out, true)
    return results
  })
  if (count) count.done = true
  if (throttled) throw count!.refusal()
  return results
}

/** The write throttle's refusal (its count committed): answered as it is, never tried again one by one. */
const isThrottled = (err: unknown) => err instanceof ProblemError && err.status === 429

const retryLog = (ctx: PushCtx, scope: string) => (err: unknown, attempt: number) =>
  ctx.deps.logger.log('warn', 'sync push retried', { scope, attempt, code: (err as { code?: unknown }).code, user_id: ctx.user.id })

async function applyChunk(ctx: PushCtx, chunk: Mutation[]): Promise<MutationResult[]> {
  // A pure replay (the device resending after a lost answer) needs no transaction at all.
  const known = await findApplied(
    ctx.deps.db,
    ctx,
    chunk.map((m) => m.id),
  )
  if (chunk.every((m) => known.has(m.id))) return chunk.map((m) => known.get(m.id)!)
  try {
    return await withTransientRetry(
      () =>
        applyChunkOnce(ctx, chunk, known).catch((err: unknown) => (isGuardRefusal(err) ? applyChunkOnce(ctx, chunk, known, true, false) : Promise.reject(err))),
      CHUNK_TRIES,
      retryLog(ctx, 'batch'),
    )
  } catch (err) {
    if (isThrottled(err)) throw err
    // Still failing (or something unexpected): nothing of the chunk was committed; fall back to one
    // transaction per mutation, each retried on its own, as the sync engine worked before batching.
    ctx.deps.logger.log('warn', 'sync push batch fell back to per-mutation transactions', { code: (err as { code?: unknown }).code, user_id: ctx.user.id })
  }
  const results: MutationResult[] = []
  for (const m of chunk) {
    try {
      results.push(await withTransientRetry(() => applyChunkOnce(ctx, [m], new Map(), false).then((r) => r[0]!), MUTATION_TRIES, retryLog(ctx, 'mutation')))
    } catch (err) {
      if (isTransientDbError(err) || isThrottled(err)) throw err
      results.push(await rejectAlone(ctx, m, err))
    }
  }
  return results
}

/**
 * A mutation whose own transaction still fails outside its savepoint (its change or result row refused):
 * its rejection is stored on its own, so a retry answers the same and the device's outbox moves on.
 */
async function rejectAlone(ctx: PushCtx, m: Mutation, err: unknown): Promise<MutationResult> {
  const result = storageRejection(ctx, m, err)
  return withTransientRetry(
    () =>
      ctx.deps.db.transaction().execute(async (tx) => {
        await lockCounter(tx, ctx.user.subdistrict_id)
        const known = (await findApplied(tx, ctx, [m.id])).get(m.id)
        if (known) return known
        await flushWrites(tx, ctx.deps.dialect, ctx.user.subdistrict_id, { ...batchWrites(), results: [resultRow(ctx, m, result)] })
        return result
      }),
    MUTATION_TRIES,
    retryLog(ctx, 'rejection'),
  )
}

export async function pushMutations(deps: Deps, user: SessionUser, req: PushRequest, lang: Lang, writeCount?: DeferredWriteCount): Promise<PushResponse> {
  const ctx: PushCtx = { deps, user, deviceId: req.device_id, lang, writeCount }
  const results: MutationResult[] = []
  for (let i = 0; i < req.mutations.length; i += MUTATIONS_PER_TRANSACTION) {
    results.push(...(await applyChunk(ctx, req.mutations.slice(i, i + MUTATIONS_PER_TRANSACTION))))
  }
  return { results, server_time: deps.now().toISOString() }
}
