// Rotating roster templates: a cycle of weeks of shifts, checked against the subdistrict's workers and
// desks, applied to one ISO week (re-applying replaces that template's earlier shifts of the week; the
// audit entry holds the shifts before and after).
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { expandTemplate, type TemplateEntry, type TemplateInput } from '#domain/counter/roster.ts'
import { isoWeekDates } from '#domain/time.ts'
import { uuidv7 } from '#domain/ids.ts'
import { fieldsProblem, notFound } from '../../../http/problem.ts'
import { parseJson } from '../tables.ts'
import type { Ctx } from '../context.ts'
import { unknownIds } from '../skills/service.ts'
import { audit } from '../../../audit/audit.ts'
import { inTransaction } from '../../../db/handle.ts'
import { refuseDuplicate, rosterWeek } from './service.ts'

export async function listTemplates(db: Kysely<DB>, sub: string) {
  const rows = await db.selectFrom('counter_templates').selectAll().where('subdistrict_id', '=', sub).orderBy('name').execute()
  return rows.map((r) => ({ id: r.id, name: r.name, cycle_weeks: r.cycle_weeks, anchor_week: r.anchor_week, entries: parseJson<TemplateEntry[]>(r.entries) }))
}

export async function createTemplate(ctx: Ctx, input: TemplateInput) {
  const sub = ctx.user.subdistrict_id
  const errors: { path: string; key: string }[] = []
  const badWorkers = new Set(
    await unknownIds(
      ctx.db,
      sub,
      'counter_workers',
      input.entries.map((e) => e.worker_id),
    ),
  )
  const badDesks = new Set(
    await unknownIds(
      ctx.db,
      sub,
      'counter_desks',
      input.entries.map((e) => e.counter_id),
    ),
  )
  input.entries.forEach((e, i) => {
    if (badWorkers.has(e.worker_id)) errors.push({ path: `entries.${i}.worker_id`, key: 'counter_worker_unknown' })
    if (badDesks.has(e.counter_id)) errors.push({ path: `entries.${i}.counter_id`, key: 'counter_counter_unknown' })
  })
  if (errors.length) throw fieldsProblem(errors)
  await refuseDuplicate(ctx, 'counter_templates', input.id)
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('counter_templates')
      .values({
        subdistrict_id: sub,
        id: input.id,
        name: input.name,
        cycle_weeks: input.cycle_weeks,
        anchor_week: input.anchor_week,
        entries: JSON.stringify(input.entries),
        created_at: ctx.now.toISOString(),
      })
      .execute()
    await audit(tx, { actor: ctx.user, action: 'create', entity: 'counter_template', entity_id: input.id, after: input, at: ctx.now })
  })
  return input
}

/** Put a template's shifts for one week on the roster; re-applying replaces that template's earlier shifts of the week. */
export async function applyTemplate(ctx: Ctx, templateId: string, week: string) {
  const sub = ctx.user.subdistrict_id
  const t = (await listTemplates(ctx.db, sub)).find((x) => x.id === templateId)
  if (!t) throw notFound()
  const dates = isoWeekDates(week)!
  const shifts = expandTemplate(t, week)
  await ctx.db.transaction().execute(async (tx) => {
    const replaced = await tx
      .selectFrom('counter_assignments')
      .select(['date', 'half', 'counter_id', 'worker_id'])
      .where('subdistrict_id', '=', sub)
      .where('template_id', '=', templateId)
      .where('date', '>=', dates[0]!)
      .where('date', '<=', dates[6]!)
      .orderBy('date')
      .orderBy('half')
      .execute()
    await tx
      .deleteFrom('counter_assignments')
      .where('subdistrict_id', '=', sub)
      .where('template_id', '=', templateId)
      .where('date', '>=', dates[0]!)
      .where('date', '<=', dates[6]!)
      .execute()
    for (const s of shifts) {
      await tx
        .insertInto('counter_assignments')
        .values({
          subdistrict_id: sub,
          id: uuidv7(ctx.now.getTime()),
          ...s,
          source: 'template',
          template_id: templateId,
          original_worker_id: null,
          note: '',
          created_at: ctx.now.toISOString(),
        })
        .execute()
    }
    const shift = (x: { date: string; half: string; counter_id: string; worker_id: string }) => ({
      date: x.date,
      half: x.half,
      counter_id: x.counter_id,
      worker_id: x.worker_id,
    })
    await audit(tx, {
      actor: ctx.user,
      action: 'apply',
      entity: 'counter_template',
      entity_id: templateId,
      before: { week, shifts: replaced.map(shift) },
      after: { week, shifts: shifts.map(shift) },
      at: ctx.now,
    })
  })
  return rosterWeek(ctx.db, sub, week)
}
