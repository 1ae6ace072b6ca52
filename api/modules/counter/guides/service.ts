// Service guides: saved with their pinyin initials and a history row per version, listed for the
// desk with staleness, and exposed to residents through an allow-list of public fields.
import type { Kysely, Selectable } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { CounterGuidesTable } from '../tables.ts'
import {
  EDITABLE_GUIDE_FIELDS,
  changedFields,
  toPublicGuide,
  type Guide,
  type GuideInput,
  type GuidePublic,
  type GuideSnapshot,
  type GuideUpdate,
  type Category,
} from '#domain/counter/guides.ts'
import { isStale } from '#domain/counter/stale.ts'
import { searchGuides } from '#domain/counter/search.ts'
import { uuidv7 } from '#domain/ids.ts'
import { fieldsProblem, notFound, conflict } from '../../../http/problem.ts'
import { parseJson } from '../tables.ts'
import { inTransaction } from '../../../db/handle.ts'
import { today, type Ctx } from '../context.ts'
import { initialsOf } from './pinyin.ts'

export function rowToGuide(r: Selectable<CounterGuidesTable>, now: Date): Guide {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category as Category,
    applicants: r.applicants,
    conditions: r.conditions,
    materials: parseJson(r.materials),
    steps: parseJson(r.steps),
    statutory_days: r.statutory_days,
    promised_days: r.promised_days,
    fee_fen: r.fee_fen,
    fee_basis: r.fee_basis,
    legal_basis: r.legal_basis,
    location: r.location,
    visits_needed: r.visits_needed,
    online_url: r.online_url,
    last_verified_on: r.last_verified_on,
    initials: r.initials,
    stale: isStale(r.last_verified_on, today(now)),
    internal_notes: r.internal_notes,
    published: r.published === 1,
    version: r.version,
    updated_at: r.updated_at,
    updated_by: r.updated_by,
  }
}

function toRow(input: GuideInput) {
  return {
    code: input.code,
    name: input.name,
    category: input.category,
    applicants: input.applicants,
    conditions: input.conditions,
    materials: JSON.stringify(input.materials),
    steps: JSON.stringify(input.steps),
    statutory_days: input.statutory_days,
    promised_days: input.promised_days,
    fee_fen: input.fee_fen,
    fee_basis: input.fee_basis,
    legal_basis: input.legal_basis,
    location: input.location,
    visits_needed: input.visits_needed,
    online_url: input.online_url,
    last_verified_on: input.last_verified_on,
    internal_notes: input.internal_notes,
    published: input.published ? 1 : 0,
    initials: initialsOf(input.name),
  }
}

function checkDates(ctx: Ctx, input: GuideInput) {
  if (input.last_verified_on > today(ctx.now)) throw fieldsProblem([{ path: 'last_verified_on', key: 'counter_date_future' }])
}

async function codeTaken(db: Kysely<DB>, sub: string, code: string, exceptId?: string) {
  let q = db.selectFrom('counter_guides').select('id').where('subdistrict_id', '=', sub).where('code', '=', code)
  if (exceptId) q = q.where('id', '!=', exceptId)
  return !!(await q.executeTakeFirst())
}

export async function listGuides(db: Kysely<DB>, sub: string, now: Date, q = '', opts: { publishedOnly?: boolean } = {}): Promise<Guide[]> {
  let query = db.selectFrom('counter_guides').selectAll().where('subdistrict_id', '=', sub)
  if (opts.publishedOnly) query = query.where('published', '=', 1)
  const rows = await query.orderBy('code').execute()
  return searchGuides(
    rows.map((r) => rowToGuide(r, now)),
    q,
  )
}

export async function getGuide(db: Kysely<DB>, sub: string, id: string, now: Date): Promise<Guide> {
  const r = await db.selectFrom('counter_guides').selectAll().where('subdistrict_id', '=', sub).where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound()
  return rowToGuide(r, now)
}

export async function publicGuides(db: Kysely<DB>, sub: string, now: Date, q = ''): Promise<GuidePublic[]> {
  return (await listGuides(db, sub, now, q, { publishedOnly: true })).map(toPublicGuide)
}

export async function publicGuide(db: Kysely<DB>, sub: string, code: string, now: Date): Promise<GuidePublic> {
  const r = await db
    .selectFrom('counter_guides')
    .selectAll()
    .where('subdistrict_id', '=', sub)
    .where('code', '=', code)
    .where('published', '=', 1)
    .executeTakeFirst()
  if (!r) throw notFound()
  return toPublicGuide(rowToGuide(r, now))
}

const snapshotOf = (g: Guide) => Object.fromEntries(EDITABLE_GUIDE_FIELDS.map((k) => [k, (g as Record<string, unknown>)[k]]))

export async function createGuide(ctx: Ctx, input: GuideInput, id = uuidv7(ctx.now.getTime())): Promise<Guide> {
  const sub = ctx.user.subdistrict_id
  checkDates(ctx, input)
  if (await codeTaken(ctx.db, sub, input.code)) throw fieldsProblem([{ path: 'code', key: 'counter_code_taken' }])
  const at = ctx.now.toISOString()
  return inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_guides')
      .values({ subdistrict_id: sub, id, ...toRow(input), version: 1, created_at: at, updated_at: at, updated_by: ctx.user.display_name })
      .execute()
    const g = await getGuide(tx, sub, id, ctx.now)
    await tx
      .insertInto('counter_guide_history')
      .values({
        subdistrict_id: sub,
        guide_id: id,
        version: 1,
        changed_at: at,
        changed_by: ctx.user.display_name,
        change_note: '',
        changed_fields: JSON.stringify(EDITABLE_GUIDE_FIELDS),
        snapshot: JSON.stringify(snapshotOf(g)),
      })
      .execute()
    return g
  })
}

export async function updateGuide(ctx: Ctx, id: string, input: GuideUpdate): Promise<Guide> {
  const sub = ctx.user.subdistrict_id
  const before = await getGuide(ctx.db, sub, id, ctx.now)
  checkDates(ctx, input)
  if (before.version !== input.base_version) throw conflict('counter_guide_stale', { members: { current: before } })
  if (await codeTaken(ctx.db, sub, input.code, id)) throw fieldsProblem([{ path: 'code', key: 'counter_code_taken' }])
  const { base_version: _b, change_note, ...fields } = input
  const at = ctx.now.toISOString()
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('counter_guides')
      .set({ ...toRow(fields), version: before.version + 1, updated_at: at, updated_by: ctx.user.display_name })
      .where('subdistrict_id', '=', sub)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) throw conflict('counter_guide_stale')
    const after = await getGuide(tx, sub, id, ctx.now)
    const snap = snapshotOf(after)
    await tx
      .insertInto('counter_guide_history')
      .values({
        subdistrict_id: sub,
        guide_id: id,
        version: after.version,
        changed_at: at,
        changed_by: ctx.user.display_name,
        change_note,
        changed_fields: JSON.stringify(changedFields(snapshotOf(before), snap, EDITABLE_GUIDE_FIELDS)),
        snapshot: JSON.stringify(snap),
      })
      .execute()
    return after
  })
}

/** Checked against the current rules and still right: a new version that only moves the verification date to today. */
export async function verifyGuide(ctx: Ctx, id: string): Promise<Guide> {
  const g = await getGuide(ctx.db, ctx.user.subdistrict_id, id, ctx.now)
  const input = Object.fromEntries(EDITABLE_GUIDE_FIELDS.map((k) => [k, (g as Record<string, unknown>)[k]])) as GuideInput
  return updateGuide(ctx, id, { ...input, last_verified_on: today(ctx.now), base_version: g.version, change_note: '核实无变化' })
}

export async function guideHistory(db: Kysely<DB>, sub: string, id: string) {
  const rows = await db
    .selectFrom('counter_guide_history')
    .selectAll()
    .where('subdistrict_id', '=', sub)
    .where('guide_id', '=', id)
    .orderBy('version', 'desc')
    .execute()
  return rows.map((r) => ({
    version: r.version,
    changed_at: r.changed_at,
    changed_by: r.changed_by,
    change_note: r.change_note,
    changed_fields: parseJson<string[]>(r.changed_fields),
    snapshot: parseJson<GuideSnapshot>(r.snapshot),
  }))
}
