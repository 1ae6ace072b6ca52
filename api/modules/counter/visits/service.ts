// The visit log: fast entry at the desk, a resident known only by an HMAC of their phone digits
// (keyed per subdistrict, the number itself never stored), and return trips linked automatically.
import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { findPreviousVisit, maskPhone, visitStats, type Outcome, type Visit, type VisitInput } from '#domain/counter/visits.ts'
import { ProblemError, conflict, fieldsProblem } from '../../../http/problem.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import type { Ctx } from '../context.ts'
import { unknownIds } from '../skills/service.ts'
import { loadSettingsRow } from '../roster/service.ts'
import { grantConsents, heldConsents } from '../../../privacy/consents.ts'

export async function residentKey(db: Kysely<DB>, sub: string, phone: string): Promise<string> {
  const { resident_salt } = await loadSettingsRow(db, sub)
  return createHmac('sha256', resident_salt).update(`${sub}:${phone}`).digest('base64url')
}

type VisitRow = {
  id: string
  at: string
  community_id: string
  counter_id: string | null
  worker_id: string
  resident_masked: string | null
  outcome: string
  outcome_note: string
  previous_visit_id: string | null
  is_return: number
  duration_min: number | null
}

async function withMatters(db: Kysely<DB>, sub: string, rows: VisitRow[]): Promise<Visit[]> {
  if (!rows.length) return []
  const matters = await db
    .selectFrom('counter_visit_matters')
    .select(['visit_id', 'guide_id'])
    .where('subdistrict_id', '=', sub)
    .where(
      'visit_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute()
  return rows.map((r) => ({
    ...r,
    outcome: r.outcome as Outcome,
    is_return: r.is_return === 1,
    guide_ids: matters
      .filter((m) => m.visit_id === r.id)
      .map((m) => m.guide_id)
      .sort(),
  }))
}

const COLUMNS = [
  'id',
  'at',
  'community_id',
  'counter_id',
  'worker_id',
  'resident_masked',
  'outcome',
  'outcome_note',
  'previous_visit_id',
  'is_return',
  'duration_min',
] as const

export async function listVisits(db: Kysely<DB>, sub: string, from: string, to: string, communityIds?: string[]): Promise<Visit[]> {
  let q = db.selectFrom('counter_visits').select(COLUMNS).where('subdistrict_id', '=', sub).where('at', '>=', from).where('at', '<', to)
  if (communityIds) q = q.where('community_id', 'in', communityIds.length ? communityIds : ['-'])
  return withMatters(db, sub, await q.orderBy('at', 'desc').limit(1000).execute())
}

/** `inTransaction`: ctx.db already is a transaction (the sync push), so write in it directly. */
export async function createVisit(ctx: Ctx, input: VisitInput, inTransaction = false): Promise<{ visit: Visit; created: boolean }> {
  const sub = ctx.user.subdistrict_id
  if (!inTransaction) {
    // The counter lock first (as a push takes it): the same visit sent twice at once queues here, and
    // the second finds the first instead of inserting it again.
    return ctx.db.transaction().execute(async (tx) => {
      await lockCounter(tx, sub)
      return createVisit({ ...ctx, db: tx }, input, true)
    })
  }
  // A device retrying the same visit (same id) gets the saved one back: no duplicate. Another visit under that id is refused.
  const existing = await ctx.db.selectFrom('counter_visits').select(COLUMNS).where('subdistrict_id', '=', sub).where('id', '=', input.id).executeTakeFirst()
  if (existing) {
    const visit = (await withMatters(ctx.db, sub, [existing]))[0]!
    if (!sameVisit(visit, input)) throw conflict('counter_visit_id_reused')
    return { visit, created: false }
  }

  const at = input.at ? new Date(input.at).toISOString() : ctx.now.toISOString()
  const errors: { path: string; key: string }[] = []
  if (Date.parse(at) > ctx.now.getTime() + 5 * 60_000) errors.push({ path: 'at', key: 'counter_visit_future' })
  const community = await ctx.db
    .selectFrom('communities')
    .select('id')
    .where('subdistrict_id', '=', sub)
    .where('id', '=', input.community_id)
    .executeTakeFirst()
  if (!community) errors.push({ path: 'community_id', key: 'community_unknown' })
  for (const bad of await unknownIds(ctx.db, sub, 'counter_guides', input.guide_ids))
    errors.push({ path: `guide_ids.${input.guide_ids.indexOf(bad)}`, key: 'counter_guide_unknown' })
  if ((await unknownIds(ctx.db, sub, 'counter_workers', [input.worker_id])).length) errors.push({ path: 'worker_id', key: 'counter_worker_unknown' })
  if (input.counter_id && (await unknownIds(ctx.db, sub, 'counter_desks', [input.counter_id])).length)
    errors.push({ path: 'counter_id', key: 'counter_counter_unknown' })
  if (input.previous_visit_id) {
    const prev = await ctx.db
      .selectFrom('counter_visits')
      .select('id')
      .where('subdistrict_id', '=', sub)
      .where('id', '=', input.previous_visit_id)
      .executeTakeFirst()
    if (!prev) errors.push({ path: 'previous_visit_id', key: 'counter_visit_unknown' })
  }
  const key = input.resident_phone ? await residentKey(ctx.db, sub, input.resident_phone) : null
  // The phone's hash and mask are kept only with the resident's consent, given now or at an earlier visit.
  if (key && !input.resident_consent && !(await heldConsents(ctx.db, sub, key)).has('counter_phone'))
    errors.push({ path: 'resident_phone', key: 'consent_phone_required' })
  if (errors.length) throw fieldsProblem(errors)

  let previous = input.previous_visit_id
  if (!previous && key) {
    const past = await ctx.db
      .selectFrom('counter_visits')
      .select(['id', 'at'])
      .where('subdistrict_id', '=', sub)
      .where('resident_key', '=', key)
      .where('at', '<', at)
      .execute()
    const pastFull = await withMatters(
      ctx.db,
      sub,
      past.map((p) => ({
        ...p,
        community_id: '',
        counter_id: null,
        worker_id: '',
        resident_masked: null,
        outcome: 'resolved',
        outcome_note: '',
        previous_visit_id: null,
        is_return: 0,
        duration_min: null,
      })),
    )
    previous =
      findPreviousVisit(
        pastFull.map((p) => ({ id: p.id, at: p.at, resident_key: key, guide_ids: p.guide_ids })),
        { at, resident_key: key, guide_ids: input.guide_ids },
      )?.id ?? null
  }
  const row = {
    subdistrict_id: sub,
    id: input.id,
    at,
    community_id: input.community_id,
    counter_id: input.counter_id,
    worker_id: input.worker_id,
    resident_key: key,
    resident_masked: input.resident_phone ? maskPhone(input.resident_phone) : null,
    outcome: input.outcome,
    outcome_note: input.outcome_note,
    previous_visit_id: previous,
    is_return: previous ? 1 : 0,
    duration_min: input.duration_min,
    created_at: ctx.now.toISOString(),
    created_by: ctx.user.id,
  }
  const write = async (tx: Kysely<DB>) => {
    await tx.insertInto('counter_visits').values(row).execute()
    await tx
      .insertInto('counter_visit_matters')
      .values([...new Set(input.guide_ids)].map((guide_id) => ({ subdistrict_id: sub, visit_id: input.id, guide_id })))
      .execute()
  }
  await write(ctx.db)
  if (key && input.resident_consent) await grantConsents(ctx.db, 'counter_resident', key, ['counter_phone'], { id: ctx.user.id, subdistrict_id: sub }, ctx.now)
  const { subdistrict_id: _s, resident_key: _k, created_at: _c, created_by: _b, ...out } = row
  return { visit: { ...out, outcome: input.outcome, is_return: !!previous, guide_ids: [...new Set(input.guide_ids)].sort() }, created: true }
}

/** Whether `input` describes the recorded visit (what the desk entered; the server derived the rest). */
function sameVisit(v: Visit, input: VisitInput): boolean {
  return (
    v.community_id === input.community_id &&
    v.counter_id === input.counter_id &&
    v.worker_id === input.worker_id &&
    v.outcome === input.outcome &&
    v.outcome_note === input.outcome_note &&
    (v.duration_min ?? null) === (input.duration_min ?? null) &&
    v.guide_ids.join() === [...new Set(input.guide_ids)].sort().join() &&
    (!input.at || Date.parse(input.at) === Date.parse(v.at))
  )
}

export async function getStats(db: Kysely<DB>, sub: string, from: string, to: string) {
  const visits = await listVisits(db, sub, from, to)
  return { from, to, ...visitStats(visits) }
}

export { ProblemError }
