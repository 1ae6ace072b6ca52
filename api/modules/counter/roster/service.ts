// The duty roster: desks, slot hours, manual shifts, swaps and leave (rotating templates applied to a
// week: templates.ts). Writes that would put a worker in two places are refused; what slips in (a template,
// a later leave) is flagged by detectConflicts when the week is read.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import {
  DEFAULT_SETTINGS,
  type DeskInput,
  detectConflicts,
  leaveCovers,
  weekSlots,
  type Assignment,
  type AssignmentInput,
  type Half,
  type Leave,
  type LeaveInput,
  type RosterSettings,
  type SwapInput,
} from '#domain/counter/roster.ts'
import { isoWeekDates } from '#domain/time.ts'
import { fieldsProblem, notFound, conflict } from '../../../http/problem.ts'
import { parseJson } from '../tables.ts'
import type { Ctx } from '../context.ts'
import { unknownIds } from '../skills/service.ts'
import { audit } from '../../../audit/audit.ts'
import { inTransaction } from '../../../db/handle.ts'

function randomSalt(): string {
  const b = new Uint8Array(32)
  globalThis.crypto.getRandomValues(b)
  return Buffer.from(b).toString('base64url')
}

export async function loadSettingsRow(db: Kysely<DB>, sub: string) {
  const row = await db.selectFrom('counter_settings').selectAll().where('subdistrict_id', '=', sub).executeTakeFirst()
  if (row) return row
  const fresh = { subdistrict_id: sub, roster: JSON.stringify(DEFAULT_SETTINGS), resident_salt: randomSalt() }
  await db
    .insertInto('counter_settings')
    .values(fresh)
    .onConflict((oc) => oc.column('subdistrict_id').doNothing())
    .execute()
  return await db.selectFrom('counter_settings').selectAll().where('subdistrict_id', '=', sub).executeTakeFirstOrThrow()
}

export async function getSettings(db: Kysely<DB>, sub: string): Promise<RosterSettings> {
  return parseJson<RosterSettings>((await loadSettingsRow(db, sub)).roster)
}

/** Slot hours and open weekdays; the change and its audit entry commit together (the resident salt stays out of it). */
export async function putSettings(ctx: Ctx, s: RosterSettings): Promise<RosterSettings> {
  const sub = ctx.user.subdistrict_id
  const roster = { ...s, open_weekdays: [...new Set(s.open_weekdays)].sort() }
  await ctx.db.transaction().execute(async (tx) => {
    const before = parseJson<RosterSettings>((await loadSettingsRow(tx, sub)).roster)
    await tx
      .updateTable('counter_settings')
      .set({ roster: JSON.stringify(roster) })
      .where('subdistrict_id', '=', sub)
      .execute()
    await audit(tx, { actor: ctx.user, action: 'put', entity: 'counter_settings', entity_id: sub, before, after: roster, at: ctx.now })
  })
  return roster
}

export function listDesks(db: Kysely<DB>, sub: string) {
  return db
    .selectFrom('counter_desks')
    .select(['id', 'name', 'community_id'])
    .where('subdistrict_id', '=', sub)
    .orderBy('community_id')
    .orderBy('name')
    .execute()
}

/** A counter (desk) in a community's open-plan office. */
export async function createDesk(ctx: Ctx, input: DeskInput) {
  const sub = ctx.user.subdistrict_id
  const community = await ctx.db
    .selectFrom('communities')
    .select('id')
    .where('subdistrict_id', '=', sub)
    .where('id', '=', input.community_id)
    .executeTakeFirst()
  if (!community) throw fieldsProblem([{ path: 'community_id', key: 'community_unknown' }])
  if (await ctx.db.selectFrom('counter_desks').select('id').where('subdistrict_id', '=', sub).where('id', '=', input.id).executeTakeFirst()) {
    throw conflict('counter_desk_exists')
  }
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_desks')
      .values({ subdistrict_id: sub, ...input })
      .execute()
    await audit(tx, { actor: ctx.user, action: 'create', entity: 'counter_desk', entity_id: input.id, after: input, at: ctx.now })
  })
  return input
}

const toAssignment = (r: {
  id: string
  date: string
  half: string
  counter_id: string
  worker_id: string
  source: string
  original_worker_id: string | null
  note: string
  template_id: string | null
}) => ({
  ...r,
  half: r.half as Half,
})

async function assignmentsBetween(db: Kysely<DB>, sub: string, from: string, to: string) {
  const rows = await db
    .selectFrom('counter_assignments')
    .select(['id', 'date', 'half', 'counter_id', 'worker_id', 'source', 'original_worker_id', 'note', 'template_id'])
    .where('subdistrict_id', '=', sub)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('half')
    .execute()
  return rows.map(toAssignment)
}

export async function leavesBetween(db: Kysely<DB>, sub: string, from: string, to: string): Promise<(Leave & { reason: string })[]> {
  const rows = await db
    .selectFrom('counter_leaves')
    .select(['id', 'worker_id', 'start_date', 'end_date', 'half', 'reason'])
    .where('subdistrict_id', '=', sub)
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .execute()
  return rows.map((r) => ({ ...r, half: r.half as Half | null }))
}

/** One ISO week of the roster: its slots with hours, shifts, leave and the conflicts among them. */
export async function rosterWeek(db: Kysely<DB>, sub: string, week: string) {
  const dates = isoWeekDates(week)!
  const settings = await getSettings(db, sub)
  const [from, to] = [dates[0]!, dates[6]!]
  const assignments = await assignmentsBetween(db, sub, from, to)
  const leaves = await leavesBetween(db, sub, from, to)
  return { week, settings, slots: weekSlots(week, settings), assignments, leaves, conflicts: detectConflicts(assignments, leaves) }
}

async function checkRefs(ctx: Ctx, refs: { path: string; table: 'counter_workers' | 'counter_desks'; id: string }[]) {
  const errors: { path: string; key: string }[] = []
  for (const r of refs) {
    if ((await unknownIds(ctx.db, ctx.user.subdistrict_id, r.table, [r.id])).length)
      errors.push({ path: r.path, key: r.table === 'counter_workers' ? 'counter_worker_unknown' : 'counter_counter_unknown' })
  }
  if (errors.length) throw fieldsProblem(errors)
}

/** A manual shift: refused when the worker is already elsewhere in that slot or on leave. */
export async function addAssignment(ctx: Ctx, input: AssignmentInput) {
  const sub = ctx.user.subdistrict_id
  await checkRefs(ctx, [
    { path: 'worker_id', table: 'counter_workers', id: input.worker_id },
    { path: 'counter_id', table: 'counter_desks', id: input.counter_id },
  ])
  const same = await assignmentsBetween(ctx.db, sub, input.date, input.date)
  const mine = same.filter((a) => a.half === input.half && a.worker_id === input.worker_id)
  if (mine.some((a) => a.counter_id === input.counter_id)) throw fieldsProblem([{ path: 'worker_id', key: 'counter_duplicate_assignment' }])
  if (mine.length) throw fieldsProblem([{ path: 'worker_id', key: 'counter_overlap' }])
  const leaves = await leavesBetween(ctx.db, sub, input.date, input.date)
  if (leaves.some((l) => l.worker_id === input.worker_id && leaveCovers(l, input))) throw fieldsProblem([{ path: 'worker_id', key: 'counter_on_leave' }])
  if (await ctx.db.selectFrom('counter_assignments').select('id').where('subdistrict_id', '=', sub).where('id', '=', input.id).executeTakeFirst()) {
    throw conflict('counter_shift_exists')
  }
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_assignments')
      .values({ subdistrict_id: sub, ...input, source: 'manual', template_id: null, original_worker_id: null, created_at: ctx.now.toISOString() })
      .execute()
    await audit(tx, { actor: ctx.user, action: 'create', entity: 'counter_assignment', entity_id: input.id, after: input, at: ctx.now })
  })
  return { ...input, source: 'manual', template_id: null, original_worker_id: null }
}

export async function deleteAssignment(ctx: Ctx, id: string) {
  const sub = ctx.user.subdistrict_id
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('counter_assignments')
      .select(['id', 'date', 'half', 'counter_id', 'worker_id', 'source', 'original_worker_id', 'note', 'template_id'])
      .where('subdistrict_id', '=', sub)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!before) throw notFound()
    await tx.deleteFrom('counter_assignments').where('subdistrict_id', '=', sub).where('id', '=', id).execute()
    await audit(tx, { actor: ctx.user, action: 'delete', entity: 'counter_assignment', entity_id: id, before, at: ctx.now })
  })
}

/** Swap the workers of two shifts, or hand one shift to another worker (替班). */
export async function swapAssignment(ctx: Ctx, input: SwapInput) {
  const sub = ctx.user.subdistrict_id
  const get = (id: string) => ctx.db.selectFrom('counter_assignments').selectAll().where('subdistrict_id', '=', sub).where('id', '=', id).executeTakeFirst()
  const a = await get(input.assignment_id)
  if (!a) throw notFound()
  const note = input.note
  if (input.to_worker_id) {
    await checkRefs(ctx, [{ path: 'to_worker_id', table: 'counter_workers', id: input.to_worker_id }])
    const day = await assignmentsBetween(ctx.db, sub, a.date, a.date)
    if (day.some((x) => x.half === a.half && x.worker_id === input.to_worker_id)) throw fieldsProblem([{ path: 'to_worker_id', key: 'counter_overlap' }])
    const leaves = await leavesBetween(ctx.db, sub, a.date, a.date)
    if (leaves.some((l) => l.worker_id === input.to_worker_id && leaveCovers(l, { date: a.date, half: a.half as Half })))
      throw fieldsProblem([{ path: 'to_worker_id', key: 'counter_on_leave' }])
    const to = input.to_worker_id
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('counter_assignments')
        .set({ worker_id: to, original_worker_id: a.original_worker_id ?? a.worker_id, source: 'swap', note })
        .where('subdistrict_id', '=', sub)
        .where('id', '=', a.id)
        .execute()
      await audit(tx, {
        actor: ctx.user,
        action: 'hand_over',
        entity: 'counter_assignment',
        entity_id: a.id,
        before: { worker_id: a.worker_id },
        after: { worker_id: to },
        at: ctx.now,
      })
    })
    return
  }
  const b = await get(input.with_assignment_id!)
  if (!b) throw fieldsProblem([{ path: 'with_assignment_id', key: 'counter_swap_target_required' }])
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('counter_assignments')
      .set({ worker_id: b.worker_id, original_worker_id: a.original_worker_id ?? a.worker_id, source: 'swap', note })
      .where('subdistrict_id', '=', sub)
      .where('id', '=', a.id)
      .execute()
    await tx
      .updateTable('counter_assignments')
      .set({ worker_id: a.worker_id, original_worker_id: b.original_worker_id ?? b.worker_id, source: 'swap', note })
      .where('subdistrict_id', '=', sub)
      .where('id', '=', b.id)
      .execute()
    await audit(tx, {
      actor: ctx.user,
      action: 'swap',
      entity: 'counter_assignment',
      entity_id: a.id,
      before: { [a.id]: a.worker_id, [b.id]: b.worker_id },
      after: { [a.id]: b.worker_id, [b.id]: a.worker_id },
      at: ctx.now,
    })
  })
}

export async function refuseDuplicate(ctx: Ctx, table: 'counter_templates' | 'counter_leaves', id: string) {
  const row = await ctx.db.selectFrom(table).select('id').where('subdistrict_id', '=', ctx.user.subdistrict_id).where('id', '=', id).executeTakeFirst()
  if (row) throw conflict('counter_record_exists')
}

export async function addLeave(ctx: Ctx, input: LeaveInput) {
  await checkRefs(ctx, [{ path: 'worker_id', table: 'counter_workers', id: input.worker_id }])
  const half = input.start_date === input.end_date ? input.half : null
  await refuseDuplicate(ctx, 'counter_leaves', input.id)
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_leaves')
      .values({ subdistrict_id: ctx.user.subdistrict_id, ...input, half, created_at: ctx.now.toISOString() })
      .execute()
    await audit(tx, { actor: ctx.user, action: 'create', entity: 'counter_leave', entity_id: input.id, after: { ...input, half }, at: ctx.now })
  })
  return { ...input, half }
}

export async function deleteLeave(ctx: Ctx, id: string) {
  const sub = ctx.user.subdistrict_id
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('counter_leaves')
      .select(['id', 'worker_id', 'start_date', 'end_date', 'half', 'reason'])
      .where('subdistrict_id', '=', sub)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!before) throw notFound()
    await tx.deleteFrom('counter_leaves').where('subdistrict_id', '=', sub).where('id', '=', id).execute()
    await audit(tx, { actor: ctx.user, action: 'delete', entity: 'counter_leave', entity_id: id, before, at: ctx.now })
  })
}

export type { Assignment }
