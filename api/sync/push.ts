// Applies a pushed batch, one mutation per transaction, in order. The mutation id is stored with its
// result in the same transaction as the change, so a replayed batch changes nothing and answers the same.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Deps, SessionUser } from '../http/context.ts'
import { ProblemError } from '../http/problem.ts'
import { formatIssues, type Lang } from '../domain/messages.ts'
import type { Mutation, MutationResult, PushRequest, PushResponse } from '../domain/sync.ts'
import { ConflictError, getEntity } from './registry.ts'
import { appendChange } from './change-log.ts'

const MSG = {
  unknown_entity: { 'zh-CN': '未知的数据类型', en: 'Unknown entity' },
  not_allowed: { 'zh-CN': '当前角色无权修改此类数据', en: 'Your role may not change this kind of record' },
  invalid: { 'zh-CN': '数据未通过校验', en: 'The data did not pass validation' },
  conflict: { 'zh-CN': '该记录已被他人修改', en: 'Someone else changed this record first' },
  id_reused: { 'zh-CN': '变更编号已被使用', en: 'This mutation id was already used' },
}

interface Ctx {
  deps: Deps
  user: SessionUser
  deviceId: string
  lang: Lang
}

type Db = Kysely<DB> | Transaction<DB>

async function findApplied(db: Db, ctx: Ctx, m: Mutation): Promise<MutationResult | undefined> {
  const row = await db
    .selectFrom('applied_mutations')
    .select(['user_id', 'result'])
    .where('subdistrict_id', '=', ctx.user.subdistrict_id)
    .where('mutation_id', '=', m.id)
    .executeTakeFirst()
  if (!row) return undefined
  // A mutation id is only ever replayed by the user who made it; anyone else learns nothing from it.
  if (row.user_id !== ctx.user.id) return { id: m.id, status: 'rejected', reason: MSG.id_reused[ctx.lang] }
  return JSON.parse(row.result) as MutationResult
}

async function storeResult(db: Db, ctx: Ctx, m: Mutation, result: MutationResult): Promise<void> {
  await db
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
function precheck(ctx: Ctx, m: Mutation): { result?: MutationResult; data?: unknown } {
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

function failureResult(ctx: Ctx, m: Mutation, err: unknown): MutationResult | undefined {
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

async function applyOne(ctx: Ctx, m: Mutation): Promise<MutationResult> {
  const { db, now } = ctx.deps
  const earlier = await findApplied(db, ctx, m)
  if (earlier) return earlier
  const pre = precheck(ctx, m)
  let result = pre.result
  if (!result) {
    const handler = getEntity(m.entity)!
    try {
      return await db.transaction().execute(async (tx) => {
        const raced = await findApplied(tx, ctx, m)
        if (raced) return raced
        const at = now()
        const applied = await handler.apply(tx, { user: ctx.user, now: at }, { entity_id: m.entity_id, op: m.op, base_version: m.base_version, data: pre.data } as never)
        await appendChange(tx, ctx.user.subdistrict_id, { entity: m.entity, entity_id: m.entity_id, community_id: applied.community_id, op: m.op, version: applied.version, record: applied.record }, at)
        const record = handler.project ? handler.project(applied.record, ctx.user) : applied.record
        const ok: MutationResult = { id: m.id, status: 'applied', version: applied.version, ...(m.op === 'delete' ? {} : { record }) }
        await storeResult(tx, ctx, m, ok)
        return ok
      })
    } catch (err) {
      result = failureResult(ctx, m, err)
      if (!result) {
        // A concurrent push of the same mutation won the race (unique key on the mutation id).
        const winner = await findApplied(db, ctx, m)
        if (winner) return winner
        throw err
      }
    }
  }
  // Rejections and conflicts are remembered too, so a replay answers the same; nothing else was written.
  try {
    await storeResult(db, ctx, m, result)
  } catch (err) {
    const winner = await findApplied(db, ctx, m)
    if (winner) return winner
    throw err
  }
  return result
}

export async function pushMutations(deps: Deps, user: SessionUser, req: PushRequest, lang: Lang): Promise<PushResponse> {
  const ctx: Ctx = { deps, user, deviceId: req.device_id, lang }
  const results: MutationResult[] = []
  for (const m of req.mutations) results.push(await applyOne(ctx, m))
  return { results, server_time: deps.now().toISOString() }
}
