// One mutation inside a push transaction, behind its own SAVEPOINT: a rejection or conflict rolls back
// only this mutation's writes, and its result (applied or not) is stored under its id in the same transaction.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Deps, SessionUser } from '../http/context.ts'
import { ProblemError } from '../http/problem.ts'
import { formatIssues, type Lang } from '../domain/messages.ts'
import type { Mutation, MutationResult } from '../domain/sync.ts'
import { ConflictError, getEntity } from './registry.ts'
import { appendChange } from './change-log.ts'
import { isTransientDbError } from './retry.ts'

const MSG = {
  unknown_entity: { 'zh-CN': '未知的数据类型', en: 'Unknown entity' },
  not_allowed: { 'zh-CN': '当前角色无权修改此类数据', en: 'Your role may not change this kind of record' },
  invalid: { 'zh-CN': '数据未通过校验', en: 'The data did not pass validation' },
  conflict: { 'zh-CN': '该记录已被他人修改', en: 'Someone else changed this record first' },
  id_reused: { 'zh-CN': '变更编号已被使用', en: 'This mutation id was already used' },
}

export interface PushCtx {
  deps: Deps
  user: SessionUser
  deviceId: string
  lang: Lang
}

type Db = Kysely<DB> | Transaction<DB>

/** Earlier results of these mutation ids, as their pusher sees them (one query for a whole batch). */
export async function findApplied(db: Db, ctx: PushCtx, ids: string[]): Promise<Map<string, MutationResult>> {
  const found = new Map<string, MutationResult>()
  if (ids.length === 0) return found
  const rows = await db
    .selectFrom('applied_mutations')
    .select(['mutation_id', 'user_id', 'result'])
    .where('subdistrict_id', '=', ctx.user.subdistrict_id)
    .where('mutation_id', 'in', [...new Set(ids)])
    .execute()
  for (const row of rows) {
    // A mutation id is only ever replayed by the user who made it; anyone else learns nothing from it.
    const result = row.user_id !== ctx.user.id ? { id: row.mutation_id, status: 'rejected' as const, reason: MSG.id_reused[ctx.lang] } : (JSON.parse(row.result) as MutationResult)
    found.set(row.mutation_id, result)
  }
  return found
}

async function storeResult(tx: Transaction<DB>, ctx: PushCtx, m: Mutation, result: MutationResult): Promise<void> {
  await tx
    .insertInto('applied_mutations')
    .values({
      subdistrict_id: ctx.user.subdistrict_id,
      mutation_id: m.id,
      user_id: ctx.user.id,
      device_id: ctx.deviceId,
      entity: m.entity,
      entity_id: m.entity_id,
      status: result.status,
      result: JSON.stringify(result),
      applied_at: ctx.deps.now().toISOString(),
    })
    .execute()
}

/** Everything that can be decided without touching the entity's tables. */
function precheck(ctx: PushCtx, m: Mutation): { result?: MutationResult; data?: unknown } {
  const handler = getEntity(m.entity)
  if (!handler) return { result: { id: m.id, status: 'rejected', reason: MSG.unknown_entity[ctx.lang] } }
  if (!handler.roles.includes(ctx.user.role)) return { result: { id: m.id, status: 'rejected', reason: MSG.not_allowed[ctx.lang] } }
  if (m.op === 'delete') return { data: m.data }
  const parsed = handler.schema.safeParse(m.data)
  if (!parsed.success) {
    return { result: { id: m.id, status: 'rejected', reason: MSG.invalid[ctx.lang], errors: formatIssues(parsed.error.issues, ctx.lang) } }
  }
  return { data: parsed.data }
}

function failureResult(ctx: PushCtx, m: Mutation, err: unknown): MutationResult | undefined {
  const handler = getEntity(m.entity)
  if (err instanceof ConflictError) {
    const record = handler?.project ? handler.project(err.serverRecord, ctx.user) : err.serverRecord
    return { id: m.id, status: 'conflict', version: err.serverVersion, record, reason: MSG.conflict[ctx.lang] }
  }
  if (err instanceof ProblemError) {
    const reason = typeof err.detailKey === 'string' ? err.detailKey : err.detailKey[ctx.lang]
    return { id: m.id, status: 'rejected', reason, ...(err.extra.errors ? { errors: err.extra.errors } : {}) }
  }
  return undefined
}

async function applyChange(tx: Transaction<DB>, ctx: PushCtx, m: Mutation, data: unknown): Promise<MutationResult> {
  const handler = getEntity(m.entity)!
  const at = ctx.deps.now()
  const applied = await handler.apply(tx, { user: ctx.user, now: at }, { entity_id: m.entity_id, op: m.op, base_version: m.base_version, data } as never)
  await appendChange(tx, ctx.user.subdistrict_id, { entity: m.entity, entity_id: m.entity_id, community_id: applied.community_id, op: m.op, version: applied.version, record: applied.record }, at)
  const record = handler.project ? handler.project(applied.record, ctx.user) : applied.record
  return { id: m.id, status: 'applied', version: applied.version, ...(m.op === 'delete' ? {} : { record }) }
}

/**
 * Applies one mutation not yet recorded, inside `tx` (which already holds the subdistrict's counter
 * lock). A deadlock or serialization failure is rethrown: the whole transaction must be retried.
 */
export async function applyInTransaction(tx: Transaction<DB>, ctx: PushCtx, m: Mutation): Promise<MutationResult> {
  const pre = precheck(ctx, m)
  if (pre.result) {
    // Rejections are remembered too, so a replay answers the same; nothing else is written.
    await storeResult(tx, ctx, m, pre.result)
    return pre.result
  }
  await sql`savepoint sync_mutation`.execute(tx)
  let result: MutationResult | undefined
  try {
    result = await applyChange(tx, ctx, m, pre.data)
    await storeResult(tx, ctx, m, result)
    await sql`release savepoint sync_mutation`.execute(tx)
    return result
  } catch (err) {
    if (isTransientDbError(err)) throw err
    await sql`rollback to savepoint sync_mutation`.execute(tx)
    await sql`release savepoint sync_mutation`.execute(tx)
    result = failureResult(ctx, m, err)
    if (!result) {
      // A concurrent push of the same mutation committed first (unique key on the mutation id).
      const winner = (await findApplied(tx, ctx, [m.id])).get(m.id)
      if (winner) return winner
      throw err
    }
  }
  await storeResult(tx, ctx, m, result)
  return result
}
