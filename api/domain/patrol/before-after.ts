// Did a change at a place work? Sightings (reports and repeat observations) in the calendar weeks
// before and after an instant — an agreement taking effect, a hotspot's status or zone changing —
// compared per side: the blocked share of the pavement and the vehicles counted. Weeks are
// Asia/Shanghai calendar weeks starting on Monday; the week holding the change is split at it.
// Statistics come from simple-statistics (medians, quantiles, resampling, the rank sum, the error
// function); the seeded random source is here because the library takes one but has none.
import { z } from 'zod'
import { errorFunction, median, quantile, sampleWithReplacement, wilcoxonRankSum } from 'simple-statistics'
import { addDays, businessDate, isoWeekday } from '../time.ts'

/** Below this many sightings on either side the comparison says "not enough observations yet". */
export const BEFORE_AFTER_MIN_PER_SIDE = 8
export const BEFORE_AFTER_WEEKS = { min: 1, max: 26, default: 4 } as const
/** Bootstrap resamples per metric: enough for stable 2.5 % / 97.5 % quantiles at these sample sizes. */
export const BOOTSTRAP_ROUNDS = 2000
export const BEFORE_AFTER_SEED = 20_240_601
/** Two-sided level of the rank test and complement of the interval's confidence. */
export const BEFORE_AFTER_ALPHA = 0.05

const DAY_MS = 86_400_000

export const BeforeAfterWeeks = z.coerce
  .number({ error: 'before_after_weeks' })
  .int({ error: 'before_after_weeks' })
  .min(BEFORE_AFTER_WEEKS.min, { error: 'before_after_weeks' })
  .max(BEFORE_AFTER_WEEKS.max, { error: 'before_after_weeks' })
  .default(BEFORE_AFTER_WEEKS.default)

export const BEFORE_AFTER_VERDICTS = ['insufficient', 'decrease', 'increase', 'no_clear_change'] as const
export const BeforeAfterVerdict = z.enum(BEFORE_AFTER_VERDICTS)
export type BeforeAfterVerdict = z.infer<typeof BeforeAfterVerdict>

/** One measure compared across the change: after minus before. */
export const MetricChange = z.object({
  n_before: z.int(),
  n_after: z.int(),
  median_before: z.number().nullable(),
  median_after: z.number().nullable(),
  /** Median after − median before; null below the minimum per side. */
  change: z.number().nullable(),
  /** Percentile bootstrap interval of `change`. */
  ci: z.object({ level: z.number(), low: z.number(), high: z.number() }).nullable(),
  /** Mann–Whitney U of the after side, normal approximation with tie and continuity correction. */
  mann_whitney: z.object({ u: z.number(), z: z.number(), p: z.number() }).nullable(),
  /** A direction only when the interval excludes 0 and p < 0.05 agree. */
  verdict: BeforeAfterVerdict,
})
export type MetricChange = z.infer<typeof MetricChange>

export const BeforeAfterWeek = z.object({
  /** Monday of the week (Asia/Shanghai). */
  week: z.string(),
  side: z.enum(['before', 'change', 'after']),
  n: z.int(),
  blocked_n: z.int(),
  blocked_median: z.number().nullable(),
  vehicles_median: z.number().nullable(),
})
export type BeforeAfterWeek = z.infer<typeof BeforeAfterWeek>

const Side = z.object({ from: z.string(), to: z.string(), n: z.int() })

export const BeforeAfter = z.object({
  effective_at: z.string(),
  weeks: z.int(),
  min_per_side: z.int(),
  seed: z.int(),
  rounds: z.int(),
  before: Side,
  after: Side,
  /** Blocked share of the pavement, 0…1 (sightings that estimated it). */
  blocked_share: MetricChange,
  /** Vehicles counted per sighting. */
  vehicles: MetricChange,
  weekly: z.array(BeforeAfterWeek),
})
export type BeforeAfter = z.infer<typeof BeforeAfter>

export interface BeforeAfterSample {
  observed_at: string
  blocked_share: number | null
  vehicles: number
}

export interface BeforeAfterOptions {
  weeks: number
  minPerSide?: number
  seed?: number
  rounds?: number
}

/** mulberry32: a small seeded generator in [0, 1), so the same data and seed give the same interval. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits
const normalCdf = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2))

/** Mann–Whitney U of `a` against `b` with the usual large-sample approximation (ties averaged). */
export function mannWhitney(a: readonly number[], b: readonly number[]): { u: number; z: number; p: number } {
  const n1 = a.length
  const n2 = b.length
  const u = wilcoxonRankSum([...a], [...b]) - (n1 * (n1 + 1)) / 2
  const n = n1 + n2
  const ties = new Map<number, number>()
  for (const x of [...a, ...b]) ties.set(x, (ties.get(x) ?? 0) + 1)
  const tieTerm = [...ties.values()].reduce((s, t) => s + t ** 3 - t, 0)
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  const mu = (n1 * n2) / 2
  if (variance <= 0) return { u, z: 0, p: 1 }
  const diff = u - mu
  const z = (diff - 0.5 * Math.sign(diff)) / Math.sqrt(variance)
  const p = Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.abs(z)))))
  return { u, z: round(z), p: round(p, 6) }
}

/** Percentile bootstrap interval of median(after) − median(before). */
export function bootstrapMedianChange(
  before: readonly number[],
  after: readonly number[],
  random: () => number,
  rounds = BOOTSTRAP_ROUNDS,
  level = 1 - BEFORE_AFTER_ALPHA,
): { level: number; low: number; high: number } {
  const diffs: number[] = []
  for (let i = 0; i < rounds; i++) {
    diffs.push(median(sampleWithReplacement([...after], after.length, random)) - median(sampleWithReplacement([...before], before.length, random)))
  }
  const [low = 0, high = 0] = quantile(diffs, [(1 - level) / 2, 1 - (1 - level) / 2])
  return { level, low: round(low), high: round(high) }
}

function compare(before: number[], after: number[], minPerSide: number, random: () => number, rounds: number): MetricChange {
  const base = {
    n_before: before.length,
    n_after: after.length,
    median_before: before.length ? round(median(before)) : null,
    median_after: after.length ? round(median(after)) : null,
  }
  if (before.length < minPerSide || after.length < minPerSide) return { ...base, change: null, ci: null, mann_whitney: null, verdict: 'insufficient' }
  const change = round(median(after) - median(before))
  const ci = bootstrapMedianChange(before, after, random, rounds)
  const test = mannWhitney(after, before)
  const clear = test.p < BEFORE_AFTER_ALPHA && (ci.low > 0 || ci.high < 0)
  const verdict: BeforeAfterVerdict = !clear ? 'no_clear_change' : ci.high < 0 ? 'decrease' : 'increase'
  return { ...base, change, ci, mann_whitney: test, verdict }
}

/** A plain date is the start of that day in Beijing; anything else must be an ISO instant. */
export function changeInstant(effectiveAt: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(effectiveAt) ? Date.parse(`${effectiveAt}T00:00:00+08:00`) : Date.parse(effectiveAt)
  if (Number.isNaN(t)) throw new RangeError(`not a date or instant: ${effectiveAt}`)
  return t
}

/**
 * Sightings in the `weeks` calendar weeks before the week of the change plus that week up to the
 * change, against the rest of that week plus the `weeks` weeks after it.
 */
export function beforeAfter(samples: readonly BeforeAfterSample[], effectiveAt: string, opts: BeforeAfterOptions): BeforeAfter {
  const weeks = Math.min(BEFORE_AFTER_WEEKS.max, Math.max(BEFORE_AFTER_WEEKS.min, Math.trunc(opts.weeks)))
  const minPerSide = Math.max(2, opts.minPerSide ?? BEFORE_AFTER_MIN_PER_SIDE)
  const seed = opts.seed ?? BEFORE_AFTER_SEED
  const rounds = opts.rounds ?? BOOTSTRAP_ROUNDS
  const t0 = changeInstant(effectiveAt)
  const changeDay = businessDate(new Date(t0))
  const monday = addDays(changeDay, 1 - isoWeekday(changeDay))
  const firstMonday = addDays(monday, -7 * weeks)
  const from = Date.parse(`${firstMonday}T00:00:00+08:00`)
  const to = from + (2 * weeks + 1) * 7 * DAY_MS

  const before: BeforeAfterSample[] = []
  const after: BeforeAfterSample[] = []
  const bins = Array.from({ length: 2 * weeks + 1 }, () => [] as BeforeAfterSample[])
  // Resampling draws by position: a fixed order makes the interval independent of how rows arrived.
  const ordered = [...samples].sort(
    (a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at) || (a.blocked_share ?? -1) - (b.blocked_share ?? -1) || a.vehicles - b.vehicles,
  )
  for (const s of ordered) {
    const t = Date.parse(s.observed_at)
    if (Number.isNaN(t) || t < from || t >= to) continue
    ;(t < t0 ? before : after).push(s)
    bins[Math.floor((t - from) / (7 * DAY_MS))]!.push(s)
  }
  const blocked = (xs: BeforeAfterSample[]) => xs.flatMap((s) => (s.blocked_share === null ? [] : [s.blocked_share]))
  const vehicles = (xs: BeforeAfterSample[]) => xs.map((s) => s.vehicles)

  return {
    effective_at: new Date(t0).toISOString(),
    weeks,
    min_per_side: minPerSide,
    seed,
    rounds,
    before: { from: new Date(from).toISOString(), to: new Date(t0).toISOString(), n: before.length },
    after: { from: new Date(t0).toISOString(), to: new Date(to).toISOString(), n: after.length },
    blocked_share: compare(blocked(before), blocked(after), minPerSide, seededRandom(seed), rounds),
    vehicles: compare(vehicles(before), vehicles(after), minPerSide, seededRandom(seed + 1), rounds),
    weekly: bins.map((xs, i) => {
      const b = blocked(xs)
      return {
        week: addDays(firstMonday, 7 * i),
        side: i < weeks ? 'before' : i === weeks ? 'change' : 'after',
        n: xs.length,
        blocked_n: b.length,
        blocked_median: b.length ? round(median(b)) : null,
        vehicles_median: xs.length ? round(median(vehicles(xs))) : null,
      }
    }),
  }
}
