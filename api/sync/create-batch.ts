// New records of a push chunk applied together, for an entity whose handler has createMany (a device's
// backlog of new reports): every mutation is checked before the subdistrict's counter lock is taken,
// reading only, and everything that does not depend on the lock is prepared then too (the results, their
// stored rows, the change-log rows but their seq); under the lock the handler reads what other writers
// change and the writes go together (write-together.ts), so another push of the subdistrict waits on
// the lock for those alone. The results, the stored results and the change log are those of applying
// the mutations one by one (apply-mutation.ts): a chunk that is anything else (an edit, a delete, a
// record that exists, an id twice, another entity's new record) takes that path instead.
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Mutation, MutationResult } from '#domain/sync.ts'
import type { BatchPlan, BatchWrite, NewRecord } from './registry.ts'
import { failureResult, precheck, resultRow, type BatchWrites, type PushCtx } from './apply-mutation.ts'
import { changeRow, nextSeq, openSeqCursor } from './change-log.ts'
import { isTransientDbError } from './retry.ts'

/** A chunk's mutations not recorded yet, checked and prepared before the counter lock. */
export interface CreateBatch {
  /** Per mutation id: its result (a rejection, or its new record applied) and the row that stores it. */
  items: Map<string, { result: MutationResult; row: BatchWrites['results'][number]; change?: BatchWrites['changes'][number] }>
  /** The new records' write, which takes the counter lock (none when every mutation was rejected). */
  write?: (tx: Transaction<DB>) => Promise<BatchWrite>
  /** The same computed before the lock, with the guard that takes it (PostgreSQL; write-ahead.ts). */
  writeAhead?: BatchPlan['writeAhead']
}

/**
 * The chunk's new records checked and prepared (no writes, no lock), or undefined when the chunk must be
 * applied one mutation at a time. `before`: the results already stored for ids of the chunk.
 */
export async function createBatch(
  tx: Transaction<DB>,
  ctx: PushCtx,
  chunk: readonly Mutation[],
  before: ReadonlyMap<string, MutationResult>,
): Promise<CreateBatch | undefined> {
  const fresh = chunk.filter((m) => !before.has(m.id))
  if (new Set(fresh.map((m) => m.id)).size !== fresh.length) return undefined
  const decided = new Map<string, MutationResult>()
  const records = new Map<string, NewRecord<unknown>>()
  let entity: string | undefined
  const ids = new Set<string>()
  for (const m of fresh) {
    const pre = precheck(ctx, m)
    if (pre.result) {
      decided.set(m.id, pre.result)
      continue
    }
    const handler = ctx.deps.entities.get(m.entity)!
    if (!handler.createMany || m.op !== 'put' || m.base_version !== null || (entity && entity !== m.entity) || ids.has(m.entity_id)) return undefined
    entity = m.entity
    ids.add(m.entity_id)
    records.set(m.id, { entity_id: m.entity_id, data: pre.data, now: ctx.deps.now() })
  }
  const handler = entity ? ctx.deps.entities.get(entity)! : undefined
  const many = handler?.createMany
  if (many) {
    if ((await many.existing(tx, ctx.user, [...ids])).size) return undefined
    for (const m of fresh) {
      const record = records.get(m.id)
      if (!record) continue
      try {
        await many.check(tx, ctx.user, record)
      } catch (err) {
        if (isTransientDbError(err)) throw err
        const result = failureResult(ctx, m, err)
        if (!result) throw err
        records.delete(m.id)
        decided.set(m.id, result)
      }
    }
  }
  const plan = many && records.size ? many.plan(ctx.user, [...records.values()]) : undefined
  const batch: CreateBatch = { items: new Map(), write: plan?.write, writeAhead: plan?.writeAhead }
  let next = 0
  for (const m of fresh) {
    const rejected = decided.get(m.id)
    if (rejected) {
      batch.items.set(m.id, { result: rejected, row: resultRow(ctx, m, rejected) })
      continue
    }
    const a = plan!.results[next++]!
    const record = handler!.project ? handler!.project(a.record, ctx.user) : a.record
    const result: MutationResult = { id: m.id, status: 'applied', version: a.version, record }
    const change = { entity: m.entity, entity_id: m.entity_id, community_id: a.community_id, op: m.op, version: a.version, record: a.record }
    // The seq is taken under the lock (writeBatch).
    batch.items.set(m.id, { result, row: resultRow(ctx, m, result), change: changeRow(ctx.user.subdistrict_id, 0, change, records.get(m.id)!.now) })
  }
  return batch
}

/**
 * Writes a prepared batch: the handler's write (which takes the counter lock before it reads, on
 * PostgreSQL in the statement of its first read), then, with the transaction's seq cursor open (the lock
 * taken here when the write did not), each mutation's result and each change with its seq, in the
 * chunk's order, into `out`.
 */
export async function writeBatch(
  tx: Transaction<DB>,
  ctx: PushCtx,
  chunk: readonly Mutation[],
  known: ReadonlyMap<string, MutationResult>,
  batch: CreateBatch,
  out: BatchWrites,
): Promise<MutationResult[]> {
  const sd = ctx.user.subdistrict_id
  if (batch.write) {
    const w = await batch.write(tx)
    out.statements.push(...w.writes)
    if (w.after) out.after.push(w.after)
  }
  await openSeqCursor(tx, sd)
  const results: MutationResult[] = []
  for (const m of chunk) {
    const was = known.get(m.id)
    if (was) {
      results.push(was)
      continue
    }
    const item = batch.items.get(m.id)!
    if (item.change) out.changes.push({ ...item.change, seq: await nextSeq(tx, sd) })
    out.results.push(item.row)
    results.push(item.result)
  }
  return results
}
