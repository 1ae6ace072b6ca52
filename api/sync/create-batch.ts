// New records of a push chunk applied together, for an entity whose handler has createMany (a device's
// backlog of new reports): every mutation is checked before the subdistrict's counter lock is taken,
// reading only, and written under it in a few multi-row statements, so another push of the subdistrict
// waits on the lock for the writes alone. The results, the stored results and the change log are those
// of applying the mutations one by one (apply-mutation.ts): a chunk that is anything else (an edit, a
// delete, a record that exists, an id twice, another entity's new record) takes that path instead.
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Mutation, MutationResult } from '#domain/sync.ts'
import type { NewRecord } from './registry.ts'
import { failureResult, precheck, resultRow, type BatchWrites, type PushCtx } from './apply-mutation.ts'
import { changeRow, nextSeq } from './change-log.ts'
import { isTransientDbError } from './retry.ts'

/** Each mutation of a chunk not recorded yet: its rejection, or its new record, checked. */
export type CreateBatch = Map<string, { result: MutationResult } | { record: NewRecord<unknown> }>

/**
 * The chunk's new records checked (no writes, no lock), or undefined when the chunk must be applied one
 * mutation at a time. `before`: the results already stored for ids of the chunk.
 */
export async function createBatch(
  tx: Transaction<DB>,
  ctx: PushCtx,
  chunk: readonly Mutation[],
  before: ReadonlyMap<string, MutationResult>,
): Promise<CreateBatch | undefined> {
  const fresh = chunk.filter((m) => !before.has(m.id))
  if (new Set(fresh.map((m) => m.id)).size !== fresh.length) return undefined
  const batch: CreateBatch = new Map()
  let entity: string | undefined
  const ids = new Set<string>()
  for (const m of fresh) {
    const pre = precheck(ctx, m)
    if (pre.result) {
      batch.set(m.id, { result: pre.result })
      continue
    }
    const handler = ctx.deps.entities.get(m.entity)!
    if (!handler.createMany || m.op !== 'put' || m.base_version !== null || (entity && entity !== m.entity) || ids.has(m.entity_id)) return undefined
    entity = m.entity
    ids.add(m.entity_id)
    batch.set(m.id, { record: { entity_id: m.entity_id, data: pre.data, now: ctx.deps.now() } })
  }
  if (!entity) return batch
  const many = ctx.deps.entities.get(entity)!.createMany!
  if ((await many.existing(tx, ctx.user, [...ids])).size) return undefined
  for (const m of fresh) {
    const item = batch.get(m.id)!
    if (!('record' in item)) continue
    try {
      await many.check(tx, ctx.user, item.record)
    } catch (err) {
      if (isTransientDbError(err)) throw err
      const result = failureResult(ctx, m, err)
      if (!result) throw err
      batch.set(m.id, { result })
    }
  }
  return batch
}

/**
 * Writes a checked batch under the counter lock (the transaction's seq cursor is open): the new records
 * through createMany.write, then each mutation's result and each change, in the chunk's order.
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
  const records = chunk.flatMap((m) => {
    const item = known.has(m.id) ? undefined : batch.get(m.id)
    return item && 'record' in item ? [{ m, record: item.record }] : []
  })
  const handler = records.length ? ctx.deps.entities.get(records[0]!.m.entity)! : undefined
  const applied = handler
    ? await handler.createMany!.write(
        tx,
        ctx.user,
        records.map((r) => r.record),
      )
    : []
  const results: MutationResult[] = []
  let next = 0
  for (const m of chunk) {
    const was = known.get(m.id)
    if (was) {
      results.push(was)
      continue
    }
    const item = batch.get(m.id)!
    if ('result' in item) {
      out.results.push(resultRow(ctx, m, item.result))
      results.push(item.result)
      continue
    }
    const a = applied[next++]!
    const change = { entity: m.entity, entity_id: m.entity_id, community_id: a.community_id, op: m.op, version: a.version, record: a.record }
    out.changes.push(changeRow(sd, await nextSeq(tx, sd), change, item.record.now))
    const record = handler!.project ? handler!.project(a.record, ctx.user) : a.record
    const result: MutationResult = { id: m.id, status: 'applied', version: a.version, record }
    out.results.push(resultRow(ctx, m, result))
    results.push(result)
  }
  return results
}
