// Computes the monthly brief: checks the month and place asked for, measures every section the role
// may see for this month, last month and the same month last year, and assembles one MonthlyBrief
// (and the home card's glance from the same figures).
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { SessionUser } from '../../http/context.ts'
import { fieldProblem, forbidden } from '../../http/problem.ts'
import {
  addMonths,
  monthOf,
  periodOf,
  type BriefFigure,
  type BriefGlance,
  type BriefQuery,
  type BriefSection,
  type BriefValue,
  type MonthlyBrief,
} from '#domain/brief/brief.ts'
import { BRIEF_SECTIONS, type BriefContext, type BriefSectionBuilder, type FigureDef, type Measured } from './sections/index.ts'

/** Roles that see every community of the subdistrict; other roles see the communities they are linked to, if any. */
const WHOLE_SUBDISTRICT = ['coordinator', 'admin']

interface Scope {
  ctx: BriefContext
  month: string
  subdistrict: { id: string; name: string }
  communities: { id: string; name: string }[]
}

async function scopeOf(db: Kysely<DB>, user: SessionUser, q: BriefQuery, now: Date): Promise<Scope> {
  if (q.subdistrict && q.subdistrict !== user.subdistrict_id) throw forbidden('brief_subdistrict_forbidden')
  const month = q.month ?? monthOf(now)
  if (month > monthOf(now)) throw fieldProblem('brief_month_future', 'month')
  const sub = await db.selectFrom('subdistricts').select(['id', 'name']).where('id', '=', user.subdistrict_id).executeTakeFirstOrThrow()
  const all = await db.selectFrom('communities').select(['id', 'name']).where('subdistrict_id', '=', user.subdistrict_id).orderBy('id').execute()
  const linked = WHOLE_SUBDISTRICT.includes(user.role) || !user.community_ids.length ? null : new Set(user.community_ids)
  const visible = linked ? all.filter((c) => linked.has(c.id)) : all
  if (q.community && !visible.some((c) => c.id === q.community)) throw forbidden('brief_community_unknown')
  // Staff linked to communities see one of theirs, never the whole subdistrict.
  const communityId = q.community ?? (linked ? (visible[0]?.id ?? null) : null)
  return {
    month,
    subdistrict: sub,
    communities: visible,
    ctx: { db, subdistrictId: user.subdistrict_id, communityId, role: user.role, communities: new Map(all.map((c) => [c.id, c.name])) },
  }
}

function valueOf(m: Measured, def: FigureDef, noData: string): BriefValue {
  if (m.reason) return { value: null, reason: m.reason }
  if (!m.has_data) return { value: null, reason: noData }
  const v = m.values[def.key] ?? null
  return v === null ? { value: null, reason: def.missing ?? '无可计算的样本' } : { value: v, reason: null }
}

interface Periods {
  current: ReturnType<typeof periodOf>
  previous: ReturnType<typeof periodOf>
  lastYear: ReturnType<typeof periodOf>
  beforeLastYear: ReturnType<typeof periodOf>
}

function periodsOf(month: string, now: Date): Periods {
  return {
    current: periodOf(month, now),
    previous: periodOf(addMonths(month, -1), now),
    lastYear: periodOf(addMonths(month, -12), now),
    beforeLastYear: periodOf(addMonths(month, -13), now),
  }
}

async function figuresOf(s: BriefSectionBuilder, ctx: BriefContext, p: Periods, compareYear: boolean) {
  const current = await s.measure(ctx, p.current, p.previous)
  const previous = await s.measure(ctx, p.previous, periodOf(addMonths(p.previous.month, -1), new Date(p.previous.to)))
  const lastYear = compareYear ? await s.measure(ctx, p.lastYear, p.beforeLastYear) : { has_data: false, values: {} }
  const figures: BriefFigure[] = s.figures.map((def) => ({
    key: def.key,
    label: def.label,
    unit: def.unit,
    lower_is_better: def.lower_is_better ?? false,
    current: valueOf({ ...current, has_data: true }, def, ''),
    previous: valueOf(previous, def, '上月无记录'),
    last_year: valueOf(lastYear, def, '去年同月无记录'),
    link: def.link?.(ctx, p.current) ?? null,
  }))
  return { current, figures }
}

export async function buildBrief(db: Kysely<DB>, user: SessionUser, q: BriefQuery, now: Date, sections = BRIEF_SECTIONS): Promise<MonthlyBrief> {
  const scope = await scopeOf(db, user, q, now)
  const p = periodsOf(scope.month, now)
  const out: BriefSection[] = []
  for (const s of sections.filter((x) => x.roles.includes(user.role))) {
    const { current, figures } = await figuresOf(s, scope.ctx, p, true)
    out.push({
      id: s.id,
      title: s.title,
      empty: current.has_data ? null : typeof s.empty === 'function' ? s.empty(scope.ctx) : s.empty,
      notes: [...s.notes],
      figures,
      tables: current.has_data && s.tables ? await s.tables(scope.ctx, p.current, p.previous) : [],
    })
  }
  const community = scope.ctx.communityId
    ? { id: scope.ctx.communityId, name: scope.ctx.communities.get(scope.ctx.communityId) ?? scope.ctx.communityId }
    : null
  return {
    month: scope.month,
    previous_month: p.previous.month,
    last_year_month: p.lastYear.month,
    subdistrict: scope.subdistrict,
    community,
    communities: scope.communities,
    generated_at: now.toISOString(),
    cutoff: p.current.to,
    partial: Date.parse(p.current.to) < Date.parse(periodOf(addMonths(scope.month, 1), now).from),
    sections: out,
  }
}

/** This month against last month: the figures marked for the home card, of the sections the role sees. */
export async function buildGlance(db: Kysely<DB>, user: SessionUser, now: Date, sections = BRIEF_SECTIONS): Promise<BriefGlance> {
  const scope = await scopeOf(db, user, {}, now)
  const p = periodsOf(scope.month, now)
  const figures: BriefGlance['figures'] = []
  for (const s of sections.filter((x) => x.roles.includes(user.role))) {
    const glance = { ...s, figures: s.figures.filter((f) => f.glance) }
    if (!glance.figures.length) continue
    for (const f of (await figuresOf(glance, scope.ctx, p, false)).figures) figures.push({ ...f, section: s.id })
  }
  return { month: scope.month, previous_month: p.previous.month, cutoff: p.current.to, figures }
}
