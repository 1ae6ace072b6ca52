// One mutation inside a push transaction, behind its own SAVEPOINT: a rejection or conflict rolls back
// only this mutation's writes, and its result (applied or not) is stored under its id in the same transaction.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import { forgetTxMemo } from '../db/tx-memo.ts'
import type { DB } from '../db/schema.ts'
import type { DeferredWriteCount, Deps, SessionUser } from '../http/context.ts'
import { ProblemError } from '../http/problem.ts'
import { formatIssues, translate, type Lang } from '#domain/messages.ts'
import type { Mutation, MutationResult } from '#domain/sync.ts'
import { ConflictError } from './registry.ts'
import { changeRow, nextSeq, seqCursorWrite, seqMark, seqRewind } from './change-log.ts'
import { writeTogether, type WriteStatement } from './write-together.ts'
import { isTransientDbError } from './retry.ts'

/**
 * The rejection of a mutation the database refused for a reason no retry can change (a value the
 * column does not take, a broken constraint): the device drops it instead of resending it forever.
 */
export function storageRejection(ctx: PushCtx, m: Mutation, err: unknown): MutationResult {
  ctx.deps.logger.log('error', 'sync mutation refused by the database', {
    entity: m.entity,
    mutation_id: m.id,
    // The code only: a database message may quote the refused value.
    code: (err as { code?: unknown } | null)?.code,
    user_id: ctx.user.id,
  })
  return { id: m.id, status: 'rejected', reason: translate('sync_not_stored', ctx.lang, undefined, ctx.deps.messages) }
}

export interface PushCtx {
  deps: Deps
  user: SessionUser
  deviceId: string
  lang: Lang
  /** The request's write-throttle count, written in the push's first transaction (SQLite). */
  writeCount?: DeferredWriteCount
}

type Db = Kysely<DB> | Transaction<DB>

/** The stored results of mutation ids (the replay check; exported so the bench explains this very statement). */
export const appliedQuery = (db: Db, sd: string, ids: readonly string[]) =>
  db.selectFrom('applied_mutations').select(['mutation_id', 'user_id', 'result']).where('subdistrict_id', '=', sd).where('mutation_id', 'in', ids)

/** Earlier results of these mutation ids, as their pusher sees them (one query for a whole batch). */
export async function findApplied(db: Db, ctx: PushCtx, ids: string[]): Promise<Map<string, MutationResult>> {
  const found = new Map<string, MutationResult>()
  if (ids.length === 0) return found
  const rows = await appliedQuery(db, ctx.user.subdistrict_id, [...new Set(ids)]).execute()
  for (const row of rows) {
    // A mutation id is only ever replayed by the user who made it; anyone else learns nothing from it.
    const result =
      row.user_id !== ctx.user.id
        ? { id: row.mutation_id, status: 'rejected' as const, reason: translate('sync_id_reused', ctx.lang, undefined, ctx.deps.messages) }
        : (JSON.parse(row.result) as MutationResult)
    found.set(row.mutation_id, result)
  }
  return found
}

/**
 * What a batch writes once its mutations are decided: the statements of a batch writer (createMany),
 * the change_log rows of the push's own changes (their seq is already taken, inside each mutation's
 * savepoint) and every result under its mutation id; then what must follow those rows (`after`).
 * Sent together by flushWrites with the counter's seq, just before commit.
 */
export interface BatchWrites {
  statements: WriteStatement[]
  after: (() => Promise<void>)[]
  changes: ReturnType<typeof changeRow>[]
  results: {
    subdistrict_id: string
    mutation_id: string
    user_id: string
    device_id: string
    entity: string
    entity_id: string
    status: string
    result: string
    applied_at: string
  }[]
}

export function resultRow(ctx: PushCtx, m: Mutation, result: MutationResult): BatchWrites['results'][number] {
  return {
    subdistrict_id: ctx.user.subdistrict_id,
    mutation_id: m.id,
    user_id: ctx.user.id,
    device_id: ctx.deviceId,
    entity: m.entity,
    entity_id: m.entity_id,
    status: result.status,
    result: JSON.stringify(result),
    applied_at: ctx.deps.now().toISOString(),
  }
}

function storeResult(out: BatchWrites, ctx: PushCtx, m: Mutation, result: MutationResult): void {
  out.results.push(resultRow(ctx, m, result))
}

/** Rows per INSERT: far below SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 100

export const changeLogInsert = (db: Db, rows: BatchWrites['changes']) => db.insertInto('change_log').values(rows)
export const resultsInsert = (db: Db, rows: BatchWrites['results']) => db.insertInto('applied_mutations').values(rows)

/** Empty writes of a batch. */
export const batchWrites = (): BatchWrites => ({ statements: [], after: [], changes: [], results: [] })

/**
 * Sends a batch's writes together (one statement on PostgreSQL, write-together.ts): the batch writer's
 * statements, the change_log and result rows by multi-row INSERTs, the counter's seq (the transaction's
 * seq cursor ends here); then `after`. `last`: the transaction ends with these writes; when nothing
 * comes `after` them, on PostgreSQL COMMIT goes right behind them (the counter lock is released as soon
 * as they are done) and this throws unless it committed.
 */
export async function flushWrites(tx: Transaction<DB>, dialect: DialectName, sd: string, out: BatchWrites, last = false): Promise<void> {
  const statements = [...out.statements]
  for (let i = 0; i < out.changes.length; i += ROWS_PER_INSERT) statements.push(changeLogInsert(tx, out.changes.slice(i, i + ROWS_PER_INSERT)))
  for (let i = 0; i < out.results.length; i += ROWS_PER_INSERT) statements.push(resultsInsert(tx, out.results.slice(i, i + ROWS_PER_INSERT)))
  const counter = seqCursorWrite(tx, sd)
  if (counter) statements.push(counter)
  await writeTogether(tx, dialect, statements, last && out.after.length === 0)
  for (const then of out.after) await then()
}

/** Everything that can be decided without touching the entity's tables. */
export function precheck(ctx: PushCtx, m: Mutation): { result?: MutationResult; data?: unknown } {
  const handler = ctx.deps.entities.get(m.entity)
  if (!handler) return { result: { id: m.id, status: 'rejected', reason: translate('sync_unknown_entity', ctx.lang, undefined, ctx.deps.messages) } }
  if (!handler.roles.includes(ctx.user.role))
    return { result: { id: m.id, status: 'rejected', reason: translate('sync_not_allowed', ctx.lang, undefined, ctx.deps.messages) } }
  if (m.op === 'delete') return { data: m.data }
  const parsed = handler.schema.safeParse(m.data)
  if (!parsed.success) {
    return {
      result: {
        id: m.id,
        status: 'rejected',
        reason: translate('sync_invalid', ctx.lang, undefined, ctx.deps.messages),
        errors: formatIssues(parsed.error.issues, ctx.lang, ctx.deps.messages),
      },
    }
  }
  return { data: parsed.data }
}

export function failureResult(ctx: PushCtx, m: Mutation, err: unknown): MutationResult | undefined {
  const handler = ctx.deps.entities.get(m.entity)
  if (err instanceof ConflictError) {
    const record = handler?.project ? handler.project(err.serverRecord, ctx.user) : err.serverRecord
    return { id: m.id, status: 'conflict', version: err.serverVersion, record, reason: translate('sync_conflict', ctx.lang, undefined, ctx.deps.messages) }
  }
  if (err instanceof ProblemError) {
    const errors = err.fieldErrors(ctx.lang, ctx.deps.messages)
    return { id: m.id, status: 'rejected', reason: err.detail(ctx.lang, ctx.deps.messages), ...(errors ? { errors } : {}) }
  }
  return undefined
}

async function applyChange(
  tx: Transaction<DB>,
  ctx: PushCtx,
  m: Mutation,
  data: unknown,
): Promise<{ result: MutationResult; change: BatchWrites['changes'][number] }> {
  const handler = ctx.deps.entities.get(m.entity)!
  const at = ctx.deps.now()
  const applied = await handler.apply(tx, { user: ctx.user, now: at }, { entity_id: m.entity_id, op: m.op, base_version: m.base_version, data } as never)
  const sd = ctx.user.subdistrict_id
  // The seq is taken here, after the mutation's own changes (appendChange in apply), from the push's
  // seq cursor: a rollback of the savepoint rewinds it, so the log stays gapless.
  const change = changeRow(
    sd,
    await nextSeq(tx, sd),
    { entity: m.entity, entity_id: m.entity_id, community_id: applied.community_id, op: m.op, version: applied.version, record: applied.record },
    at,
  )
  const record = handler.project ? handler.project(applied.record, ctx.user) : applied.record
  return { result: { id: m.id, status: 'applied', version: applied.version, ...(m.op === 'delete' ? {} : { record }) }, change }
}

/**
 * The savepoint of each mutation of a batch. A mutation's savepoint stays until the next one begins: on
 * PostgreSQL releasing it and taking the next is one round trip (two statements in one simple query),
 * on SQLite (in process) two calls. A rollback returns to it and keeps it, so the next begin releases it.
 */
export class MutationSavepoints {
  private held = false
  constructor(
    private readonly tx: Transaction<DB>,
    private readonly dialect: DialectName,
  ) {}

  async begin(): Promise<void> {
    if (this.held && this.dialect === 'postgres') {
      await sql.raw('release savepoint sync_mutation; savepoint sync_mutation').execute(this.tx)
      return
    }
    if (this.held) await sql`release savepoint sync_mutation`.execute(this.tx)
    await sql`savepoint sync_mutation`.execute(this.tx)
    this.held = true
  }

  async rollback(): Promise<void> {
    await sql`rollback to savepoint sync_mutation`.execute(this.tx)
  }

  /** Before the batch's own writes and commit: the last savepoint released. */
  async end(): Promise<void> {
    if (this.held) await sql`release savepoint sync_mutation`.execute(this.tx)
    this.held = false
  }
}

/**
 * Applies one mutation not yet recorded, inside `tx` (which already holds the subdistrict's counter
 * lock and its seq cursor). A deadlock or serialization failure is rethrown: the whole transaction must
 * be retried. Any other error rolls back to the savepoint (and the seq cursor to where it stood) and
 * becomes a stored rejection of this mutation alone.
 */
export async function applyInTransaction(
  tx: Transaction<DB>,
  ctx: PushCtx,
  m: Mutation,
  out: BatchWrites,
  savepoints: MutationSavepoints,
): Promise<MutationResult> {
  const pre = precheck(ctx, m)
  if (pre.result) {
    // Rejections are remembered too, so a replay answers the same; nothing else is written.
    storeResult(out, ctx, m, pre.result)
    return pre.result
  }
  const sd = ctx.user.subdistrict_id
  await savepoints.begin()
  const mark = seqMark(tx, sd)
  let result: MutationResult | undefined
  try {
    const done = await applyChange(tx, ctx, m, pre.data)
    // Reads kept for the transaction stay only while no mutation may have written their tables.
    if (!ctx.deps.entities.get(m.entity)!.keepsTxMemo) forgetTxMemo(tx)
    out.changes.push(done.change)
    storeResult(out, ctx, m, done.result)
    return done.result
  } catch (err) {
    if (isTransientDbError(err)) throw err
    await savepoints.rollback()
    seqRewind(tx, sd, mark)
    forgetTxMemo(tx)
    result = failureResult(ctx, m, err)
    if (!result) {
      // A concurrent push of the same mutation committed first (unique key on the mutation id).
      const winner = (await findApplied(tx, ctx, [m.id])).get(m.id)
      if (winner) return winner
      // Anything else the database refused is this mutation's fault: reject it, keep the others.
      result = storageRejection(ctx, m, err)
    }
  }
  storeResult(out, ctx, m, result)
  return result
}
