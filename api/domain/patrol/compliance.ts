// Compliance checks: on patrol at an agreement's place, each party is marked complied, partly or
// breached. Rates over time tell the office whether the agreement holds; a breach asks for follow-up.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { Lat, Lng } from '../geo.ts'
import { isoWeekOf, businessDate } from '../time.ts'
import { Sha256 } from './report.ts'

export const OUTCOMES = ['complied', 'partly', 'breached'] as const
export const Outcome = z.enum(OUTCOMES, { error: 'compliance_outcome' })
export type Outcome = z.infer<typeof Outcome>

/** A party's share of "kept" for one check: partly counts half. */
export const OUTCOME_SCORE: Record<Outcome, number> = { complied: 1, partly: 0.5, breached: 0 }

export const PartyResult = z.strictObject({
  party_id: Id,
  outcome: Outcome,
  note: text().trim().max(300, { error: 'compliance_note' }).default(''),
  photos: z.array(Sha256).max(6, { error: 'compliance_photos_max' }).default([]),
})
export type PartyResult = z.infer<typeof PartyResult>

/** Data of a `compliance_check` put mutation. */
export const ComplianceCheckInput = z
  .strictObject({
    agreement_id: Id,
    checked_at: z.iso.datetime({ offset: true, error: 'compliance_time' }),
    position: z
      .strictObject({ lat: Lat, lng: Lng, accuracy_m: z.number().min(0).max(1000) })
      .nullable()
      .default(null),
    results: z.array(PartyResult).min(1, { error: 'compliance_results_min' }).max(12),
    note: text().trim().max(1000, { error: 'compliance_note' }).default(''),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>()
    c.results.forEach((r, i) => {
      if (seen.has(r.party_id)) ctx.addIssue({ code: 'custom', path: ['results', i, 'party_id'], message: 'compliance_party_duplicate', input: r.party_id })
      seen.add(r.party_id)
    })
  })
export type ComplianceCheckInput = z.infer<typeof ComplianceCheckInput>

export const ComplianceCheck = ComplianceCheckInput.safeExtend({
  id: Id,
  community_id: z.string(),
  inspector_id: Id,
  inspector_name: z.string(),
  received_at: z.string(),
  version: z.int(),
})
export type ComplianceCheck = z.infer<typeof ComplianceCheck>

type Scored = Pick<ComplianceCheckInput, 'results' | 'checked_at'>

/** Mean score of one check (0–1). */
export function checkScore(check: Pick<ComplianceCheckInput, 'results'>): number {
  if (!check.results.length) return 0
  return check.results.reduce((s, r) => s + OUTCOME_SCORE[r.outcome], 0) / check.results.length
}

/** Share of party-results kept across checks (partly = ½), or null when nothing was checked yet. */
export function complianceRate(checks: readonly Pick<ComplianceCheckInput, 'results'>[]): number | null {
  const all = checks.flatMap((c) => c.results)
  if (!all.length) return null
  return all.reduce((s, r) => s + OUTCOME_SCORE[r.outcome], 0) / all.length
}

export const RatePoint = z.object({
  /** ISO week in Asia/Shanghai, e.g. 2026-W48. */
  week: z.string(),
  rate: z.number(),
  checks: z.int(),
  breaches: z.int(),
})
export type RatePoint = z.infer<typeof RatePoint>

/** The rate per ISO week (business time), oldest first: how the agreement holds over time. */
export function complianceSeries(checks: readonly Scored[]): RatePoint[] {
  const byWeek = new Map<string, Scored[]>()
  for (const c of checks) {
    const week = isoWeekOf(businessDate(new Date(c.checked_at)))
    byWeek.set(week, [...(byWeek.get(week) ?? []), c])
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, cs]) => ({
      week,
      rate: complianceRate(cs) ?? 0,
      checks: cs.length,
      breaches: cs.flatMap((c) => c.results).filter((r) => r.outcome === 'breached').length,
    }))
}

/** Rate per party id, for "who keeps their word". */
export function partyRates(checks: readonly Pick<ComplianceCheckInput, 'results'>[]): Record<string, number> {
  const sum: Record<string, { s: number; n: number }> = {}
  for (const r of checks.flatMap((c) => c.results)) {
    const e = (sum[r.party_id] ??= { s: 0, n: 0 })
    e.s += OUTCOME_SCORE[r.outcome]
    e.n += 1
  }
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v.s / v.n]))
}

export function breachedParties(check: Pick<ComplianceCheckInput, 'results'>): string[] {
  return check.results.filter((r) => r.outcome === 'breached').map((r) => r.party_id)
}

export const FollowUp = z.object({
  check_id: Id,
  checked_at: z.string(),
  party_ids: z.array(Id),
  /** Message key of the suggestion. */
  suggestion: z.literal('compliance_follow_up'),
  /** A business date one week after the check: when to look again. */
  recheck_by: z.string(),
})
export type FollowUp = z.infer<typeof FollowUp>

/** The latest check with a breach, if it is the latest check: what the office should do next. */
export function followUpFor(checks: readonly (Scored & { id: string })[]): FollowUp | null {
  const latest = [...checks].sort((a, b) => b.checked_at.localeCompare(a.checked_at))[0]
  if (!latest) return null
  const parties = breachedParties(latest)
  if (!parties.length) return null
  const at = new Date(latest.checked_at)
  return {
    check_id: latest.id,
    checked_at: latest.checked_at,
    party_ids: parties,
    suggestion: 'compliance_follow_up',
    recheck_by: businessDate(new Date(at.getTime() + 7 * 86_400_000)),
  }
}

/**
 * The agreement's compliance: the inspectors' check rate and the share of operator tasks cleared in
 * time, weighted equally; either one alone when the other is unknown, null when both are.
 */
export function combinedCompliance(checkRate: number | null, onTimeShare: number | null): number | null {
  if (checkRate === null) return onTimeShare
  if (onTimeShare === null) return checkRate
  return (checkRate + onTimeShare) / 2
}
