// Workers and their cross-training levels per matter. Every level change — set by hand or raised
// by a training session — is written with a history row in the same transaction.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Category } from '#domain/counter/guides.ts'
import {
  trainerGaps,
  trainingChanges,
  type LevelChange,
  type LevelMap,
  type SkillSet,
  type TrainingInput,
  type Worker,
  type WorkerInput,
} from '#domain/counter/skills.ts'
import { uuidv7 } from '#domain/ids.ts'
import { fieldsProblem, conflict } from '../../../http/problem.ts'
import { parseJson } from '../tables.ts'
import type { Ctx } from '../context.ts'
import { inTransaction } from '../../../db/handle.ts'

export async function listWorkers(db: Kysely<DB>, sub: string): Promise<Worker[]> {
  const rows = await db.selectFrom('counter_workers').selectAll().where('subdistrict_id', '=', sub).orderBy('name').execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    community_id: r.community_id,
    home_category: r.home_category as Category,
    user_id: r.user_id,
    active: r.active === 1,
  }))
}

export async function createWorker(ctx: Ctx, input: WorkerInput): Promise<Worker> {
  const sub = ctx.user.subdistrict_id
  const community = await ctx.db
    .selectFrom('communities')
    .select('id')
    .where('subdistrict_id', '=', sub)
    .where('id', '=', input.community_id)
    .executeTakeFirst()
  if (!community) throw fieldsProblem([{ path: 'community_id', key: 'community_unknown' }])
  if (await ctx.db.selectFrom('counter_workers').select('id').where('subdistrict_id', '=', sub).where('id', '=', input.id).executeTakeFirst()) {
    throw conflict('counter_worker_exists')
  }
  await ctx.db
    .insertInto('counter_workers')
    .values({ subdistrict_id: sub, ...input, user_id: null, active: 1, created_at: ctx.now.toISOString() })
    .execute()
  return { ...input, user_id: null, active: true }
}

/** Which of the given ids are not workers / guides of this subdistrict (for per-field errors). */
export async function unknownIds(
  db: Kysely<DB>,
  sub: string,
  table: 'counter_workers' | 'counter_guides' | 'counter_desks',
  ids: readonly string[],
): Promise<string[]> {
  if (!ids.length) return []
  const found = await db
    .selectFrom(table)
    .select('id')
    .where('subdistrict_id', '=', sub)
    .where('id', 'in', [...new Set(ids)])
    .execute()
  const have = new Set(found.map((r) => r.id))
  return ids.filter((i) => !have.has(i))
}

export async function loadLevels(db: Kysely<DB>, sub: string): Promise<LevelMap> {
  const rows = await db.selectFrom('counter_skills').select(['worker_id', 'guide_id', 'level']).where('subdistrict_id', '=', sub).execute()
  const m: LevelMap = new Map()
  for (const r of rows) {
    const w = m.get(r.worker_id) ?? new Map<string, number>()
    w.set(r.guide_id, r.level)
    m.set(r.worker_id, w)
  }
  return m
}

export async function skillMatrix(db: Kysely<DB>, sub: string) {
  const levels = await db.selectFrom('counter_skills').select(['worker_id', 'guide_id', 'level', 'updated_at']).where('subdistrict_id', '=', sub).execute()
  return { workers: await listWorkers(db, sub), levels }
}

async function applyChanges(tx: Kysely<DB>, ctx: Ctx, changes: LevelChange[], trainingId: string | null, note: string) {
  const sub = ctx.user.subdistrict_id
  const at = ctx.now.toISOString()
  for (const c of changes) {
    const exists = await tx
      .selectFrom('counter_skills')
      .select('level')
      .where('subdistrict_id', '=', sub)
      .where('worker_id', '=', c.worker_id)
      .where('guide_id', '=', c.guide_id)
      .executeTakeFirst()
    if (exists) {
      await tx
        .updateTable('counter_skills')
        .set({ level: c.to_level, updated_at: at })
        .where('subdistrict_id', '=', sub)
        .where('worker_id', '=', c.worker_id)
        .where('guide_id', '=', c.guide_id)
        .execute()
    } else {
      await tx
        .insertInto('counter_skills')
        .values({ subdistrict_id: sub, worker_id: c.worker_id, guide_id: c.guide_id, level: c.to_level, updated_at: at })
        .execute()
    }
    await tx
      .insertInto('counter_skill_history')
      .values({ subdistrict_id: sub, id: uuidv7(ctx.now.getTime()), ...c, at, actor_id: ctx.user.id, training_id: trainingId, note })
      .execute()
  }
}

export async function setSkill(ctx: Ctx, input: SkillSet): Promise<LevelChange | null> {
  const sub = ctx.user.subdistrict_id
  const errors = [
    ...((await unknownIds(ctx.db, sub, 'counter_workers', [input.worker_id])).length ? [{ path: 'worker_id', key: 'counter_worker_unknown' }] : []),
    ...((await unknownIds(ctx.db, sub, 'counter_guides', [input.guide_id])).length ? [{ path: 'guide_id', key: 'counter_guide_unknown' }] : []),
  ]
  if (errors.length) throw fieldsProblem(errors)
  const levels = await loadLevels(ctx.db, sub)
  const from = levels.get(input.worker_id)?.get(input.guide_id) ?? 0
  if (from === input.level) return null
  const change = { worker_id: input.worker_id, guide_id: input.guide_id, from_level: from, to_level: input.level }
  await ctx.db.transaction().execute((tx) => applyChanges(tx, ctx, [change], null, input.note))
  return change
}

export async function skillHistory(db: Kysely<DB>, sub: string, workerId?: string) {
  let q = db
    .selectFrom('counter_skill_history')
    .select(['id', 'worker_id', 'guide_id', 'from_level', 'to_level', 'at', 'training_id', 'note'])
    .where('subdistrict_id', '=', sub)
  if (workerId) q = q.where('worker_id', '=', workerId)
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(500).execute()
}

export async function recordTraining(ctx: Ctx, input: TrainingInput): Promise<{ id: string; changes: LevelChange[] }> {
  const sub = ctx.user.subdistrict_id
  const errors: { path: string; key: string }[] = []
  if ((await unknownIds(ctx.db, sub, 'counter_workers', [input.trainer_id])).length) errors.push({ path: 'trainer_id', key: 'counter_worker_unknown' })
  for (const bad of await unknownIds(ctx.db, sub, 'counter_workers', input.attendee_ids))
    errors.push({ path: `attendee_ids.${input.attendee_ids.indexOf(bad)}`, key: 'counter_worker_unknown' })
  for (const bad of await unknownIds(ctx.db, sub, 'counter_guides', input.guide_ids))
    errors.push({ path: `guide_ids.${input.guide_ids.indexOf(bad)}`, key: 'counter_guide_unknown' })
  if (errors.length) throw fieldsProblem(errors)
  if (await ctx.db.selectFrom('counter_trainings').select('id').where('subdistrict_id', '=', sub).where('id', '=', input.id).executeTakeFirst()) {
    throw conflict('counter_training_exists')
  }
  const levels = await loadLevels(ctx.db, sub)
  if (trainerGaps(levels, input.trainer_id, input.guide_ids).length) throw fieldsProblem([{ path: 'trainer_id', key: 'counter_trainer_level' }])
  const changes = trainingChanges(levels, input)
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_trainings')
      .values({
        subdistrict_id: sub,
        id: input.id,
        date: input.date,
        trainer_id: input.trainer_id,
        attendee_ids: JSON.stringify(input.attendee_ids),
        guide_ids: JSON.stringify(input.guide_ids),
        target_level: input.target_level,
        notes: input.notes,
        created_at: ctx.now.toISOString(),
        created_by: ctx.user.id,
      })
      .execute()
    await applyChanges(tx, ctx, changes, input.id, input.notes)
  })
  return { id: input.id, changes }
}

export async function listTrainings(db: Kysely<DB>, sub: string) {
  const rows = await db.selectFrom('counter_trainings').selectAll().where('subdistrict_id', '=', sub).orderBy('date', 'desc').limit(200).execute()
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    trainer_id: r.trainer_id,
    attendee_ids: parseJson<string[]>(r.attendee_ids),
    guide_ids: parseJson<string[]>(r.guide_ids),
    target_level: r.target_level,
    notes: r.notes,
  }))
}
