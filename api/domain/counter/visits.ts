// The visit log measures the program's goal — one visit is enough: first-visit resolution, return
// trips per matter and per week, and handling time. Residents are known only by a keyed hash.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { businessDate, isoWeekOf } from '../time.ts'

/** 办结 resolved, 一次告知 told everything needed, 转办 referred, 需再次来访 must come back. */
export const OUTCOMES = ['resolved', 'informed', 'referred', 'return_needed'] as const
export const Outcome = z.enum(OUTCOMES, { error: 'counter_outcome_invalid' })
export type Outcome = z.infer<typeof Outcome>

/** Outcomes after which the resident should not need another trip for this matter. */
export const DONE_OUTCOMES: readonly Outcome[] = ['resolved', 'informed']

const visitFields = {
  /** When the resident came; defaults to now on the server. */
  at: z.iso.datetime({ offset: true }).optional(),
  community_id: Slug,
  counter_id: Id.nullable().default(null),
  guide_ids: z.array(Id).min(1, { error: 'counter_matter_required' }).max(10),
  worker_id: Id,
  /** Optional mobile number: only its mask and a keyed hash are stored, never the number. */
  resident_phone: text()
    .trim()
    .regex(/^1\d{10}$/, { error: 'counter_phone_format' })
    .optional(),
  /** The resident agreed (explained by the worker) that the phone's hash and mask are kept; needed with a phone unless given before. */
  resident_consent: z.boolean().default(false),
  outcome: Outcome,
  outcome_note: text().trim().max(500).default(''),
  /** An earlier visit this one returns to (found automatically from the phone when not given). */
  previous_visit_id: Id.nullable().default(null),
  duration_min: z.number().int().min(1, { error: 'counter_duration_range' }).max(480, { error: 'counter_duration_range' }).nullable().default(null),
}

function visitRules(v: { outcome: Outcome; outcome_note: string }, ctx: z.RefinementCtx) {
  if ((v.outcome === 'referred' || v.outcome === 'return_needed') && !v.outcome_note) {
    ctx.addIssue({ code: 'custom', path: ['outcome_note'], message: 'counter_outcome_note_required' })
  }
}

export const VisitInput = z.strictObject({ id: Id, ...visitFields }).superRefine(visitRules)
export type VisitInput = z.infer<typeof VisitInput>

/** The same visit as a sync mutation's data (the id travels as the mutation's entity_id). */
export const VisitData = z.strictObject(visitFields).superRefine(visitRules)
export type VisitData = z.infer<typeof VisitData>

export const Visit = z.object({
  id: Id,
  at: text(),
  community_id: text(),
  counter_id: text().nullable(),
  guide_ids: z.array(text()),
  worker_id: text(),
  resident_masked: text().nullable(),
  outcome: Outcome,
  outcome_note: text(),
  previous_visit_id: text().nullable(),
  is_return: z.boolean(),
  duration_min: z.number().nullable(),
})
export type Visit = z.infer<typeof Visit>

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}

export const RETURN_WINDOW_DAYS = 60

export interface PastVisit {
  id: string
  at: string
  resident_key: string | null
  guide_ids: readonly string[]
}

/** The latest earlier visit by the same resident for one of the same matters, within the window. */
export function findPreviousVisit(
  past: readonly PastVisit[],
  v: { at: string; resident_key: string | null; guide_ids: readonly string[] },
  windowDays = RETURN_WINDOW_DAYS,
): PastVisit | undefined {
  if (!v.resident_key) return undefined
  const t = Date.parse(v.at)
  return past
    .filter((p) => p.resident_key === v.resident_key && Date.parse(p.at) < t && t - Date.parse(p.at) <= windowDays * 86_400_000)
    .filter((p) => p.guide_ids.some((g) => v.guide_ids.includes(g)))
    .sort((a, b) => b.at.localeCompare(a.at))[0]
}

export interface VisitFacts {
  at: string
  guide_ids: readonly string[]
  outcome: Outcome
  is_return: boolean
  duration_min: number | null
}

export interface RateRow {
  visits: number
  returns: number
  /** Share of visits that were a return trip (lower is better). */
  return_rate: number
  /** Share of first visits that ended resolved or fully informed (higher is better). */
  first_visit_resolution_rate: number
  avg_minutes: number | null
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0)

function rates(list: readonly VisitFacts[]): RateRow {
  const returns = list.filter((v) => v.is_return).length
  const first = list.filter((v) => !v.is_return)
  const firstDone = first.filter((v) => DONE_OUTCOMES.includes(v.outcome)).length
  const timed = list.filter((v) => v.duration_min !== null)
  return {
    visits: list.length,
    returns,
    return_rate: ratio(returns, list.length),
    first_visit_resolution_rate: ratio(firstDone, first.length),
    avg_minutes: timed.length ? Math.round(timed.reduce((s, v) => s + (v.duration_min ?? 0), 0) / timed.length) : null,
  }
}

export interface VisitStats extends RateRow {
  per_matter: (RateRow & { guide_id: string })[]
  per_week: (RateRow & { week: string })[]
}

/** The measures of the visit log: overall, per matter (a visit counts for each of its matters) and per ISO week. */
export function visitStats(visits: readonly VisitFacts[]): VisitStats {
  const byMatter = new Map<string, VisitFacts[]>()
  const byWeek = new Map<string, VisitFacts[]>()
  for (const v of visits) {
    for (const g of new Set(v.guide_ids)) byMatter.set(g, [...(byMatter.get(g) ?? []), v])
    const w = isoWeekOf(businessDate(new Date(v.at)))
    byWeek.set(w, [...(byWeek.get(w) ?? []), v])
  }
  return {
    ...rates(visits),
    per_matter: [...byMatter].map(([guide_id, l]) => ({ guide_id, ...rates(l) })).sort((a, b) => b.return_rate - a.return_rate || b.visits - a.visits),
    per_week: [...byWeek].map(([week, l]) => ({ week, ...rates(l) })).sort((a, b) => a.week.localeCompare(b.week)),
  }
}

/** How often residents asked for each matter: the weights of coverage. */
export function demandOf(visits: readonly Pick<VisitFacts, 'guide_ids'>[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const v of visits) for (const g of new Set(v.guide_ids)) m.set(g, (m.get(g) ?? 0) + 1)
  return m
}
