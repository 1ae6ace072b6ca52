import { describe, expect, it } from 'vitest'
import { beforeAfter, BeforeAfter, bootstrapMedianChange, mannWhitney, seededRandom, type BeforeAfterSample } from './before-after.ts'

// Effective Wednesday 2026-03-11 in Beijing: its week starts Monday 2026-03-09.
const EFFECTIVE = '2026-03-11'
const T0 = Date.parse('2026-03-11T00:00:00+08:00')
const HOUR = 3_600_000

/** `n` sightings a side, spread evenly over the `weeks` weeks before and after the change. */
function series(
  n: number,
  weeks: number,
  value: (side: 'before' | 'after', i: number, rnd: () => number) => { blocked: number | null; vehicles: number },
  seed = 7,
) {
  const rnd = seededRandom(seed)
  const out: BeforeAfterSample[] = []
  const span = weeks * 7 * 24 * HOUR
  for (const side of ['before', 'after'] as const) {
    for (let i = 0; i < n; i++) {
      const offset = ((i + 0.5) / n) * span
      const t = side === 'before' ? T0 - offset : T0 + offset
      const v = value(side, i, rnd)
      out.push({ observed_at: new Date(t).toISOString(), blocked_share: v.blocked, vehicles: v.vehicles })
    }
  }
  return out
}

const SHARES = [0, 1 / 3, 0.5, 2 / 3, 1]
const pick = (rnd: () => number, xs: readonly number[]) => xs[Math.floor(rnd() * xs.length)]!

describe('beforeAfter', () => {
  it('finds a known drop: the interval excludes 0 and the rank test is small', () => {
    const samples = series(30, 4, (side, _i, rnd) =>
      side === 'before'
        ? { blocked: pick(rnd, SHARES.slice(2)), vehicles: 8 + Math.floor(rnd() * 6) }
        : { blocked: pick(rnd, SHARES.slice(0, 3)), vehicles: 1 + Math.floor(rnd() * 4) },
    )
    const r = BeforeAfter.parse(beforeAfter(samples, EFFECTIVE, { weeks: 4 }))
    expect(r.before.n).toBe(30)
    expect(r.after.n).toBe(30)
    for (const m of [r.blocked_share, r.vehicles]) {
      expect(m.verdict).toBe('decrease')
      expect(m.change).toBeLessThan(0)
      expect(m.ci!.high).toBeLessThan(0)
      expect(m.ci!.low).toBeLessThanOrEqual(m.change!)
      expect(m.mann_whitney!.p).toBeLessThan(0.001)
    }
    expect(r.vehicles.median_before).toBeGreaterThan(r.vehicles.median_after!)
  })

  it('finds no effect where both sides come from one distribution: the interval covers 0, p is large', () => {
    const samples = series(40, 4, (_side, _i, rnd) => ({ blocked: pick(rnd, SHARES), vehicles: Math.floor(rnd() * 10) }), 11)
    const r = beforeAfter(samples, EFFECTIVE, { weeks: 4 })
    for (const m of [r.blocked_share, r.vehicles]) {
      expect(m.verdict).toBe('no_clear_change')
      expect(m.ci!.low).toBeLessThanOrEqual(0)
      expect(m.ci!.high).toBeGreaterThanOrEqual(0)
      expect(m.mann_whitney!.p).toBeGreaterThan(0.2)
    }
  })

  it('is reproducible for a seed and moves with another seed', () => {
    const samples = series(25, 4, (_s, _i, rnd) => ({ blocked: pick(rnd, SHARES), vehicles: Math.floor(rnd() * 20) }), 3)
    const a = beforeAfter(samples, EFFECTIVE, { weeks: 4, seed: 5 })
    const b = beforeAfter([...samples].reverse(), EFFECTIVE, { weeks: 4, seed: 5 })
    expect(b).toEqual(a)
    const c = beforeAfter(samples, EFFECTIVE, { weeks: 4, seed: 6 })
    expect(c.vehicles.mann_whitney).toEqual(a.vehicles.mann_whitney)
    // On continuous values another seed draws other resamples, so the interval's ends move a little.
    const rnd = seededRandom(9)
    const xs = Array.from({ length: 30 }, () => rnd() * 10)
    const ys = Array.from({ length: 30 }, () => rnd() * 10)
    expect(bootstrapMedianChange(xs, ys, seededRandom(5))).toEqual(bootstrapMedianChange(xs, ys, seededRandom(5)))
    expect(bootstrapMedianChange(xs, ys, seededRandom(5))).not.toEqual(bootstrapMedianChange(xs, ys, seededRandom(6)))
  })

  it('says not enough below the minimum per side, and still counts what there is', () => {
    const samples = series(7, 4, (side) => ({ blocked: side === 'before' ? 1 : 0, vehicles: side === 'before' ? 10 : 0 }))
    const r = beforeAfter(samples, EFFECTIVE, { weeks: 4 })
    expect(r.min_per_side).toBe(8)
    expect(r.vehicles).toMatchObject({
      verdict: 'insufficient',
      n_before: 7,
      n_after: 7,
      change: null,
      ci: null,
      mann_whitney: null,
      median_before: 10,
      median_after: 0,
    })
    const enough = beforeAfter(samples, EFFECTIVE, { weeks: 4, minPerSide: 7 })
    expect(enough.vehicles.verdict).toBe('decrease')
  })

  it('handles no data before the change', () => {
    const samples = series(20, 4, () => ({ blocked: 0.5, vehicles: 3 })).filter((s) => Date.parse(s.observed_at) >= T0)
    const r = beforeAfter(samples, EFFECTIVE, { weeks: 4 })
    expect(r.before.n).toBe(0)
    expect(r.blocked_share).toMatchObject({ verdict: 'insufficient', n_before: 0, n_after: 20, median_before: null, median_after: 0.5 })
    expect(r.weekly.slice(0, 4).every((w) => w.n === 0 && w.blocked_median === null && w.vehicles_median === null)).toBe(true)
  })

  it('handles all-equal values: no change, interval [0, 0], p = 1', () => {
    const samples = series(12, 4, () => ({ blocked: 0.5, vehicles: 4 }))
    const r = beforeAfter(samples, EFFECTIVE, { weeks: 4 })
    expect(r.vehicles).toMatchObject({ verdict: 'no_clear_change', change: 0, ci: { low: 0, high: 0 }, mann_whitney: { z: 0, p: 1 } })
  })

  it('keeps blocked-share counts apart from sightings that did not estimate it', () => {
    const samples = series(10, 4, (_s, i) => ({ blocked: i % 2 ? null : 0.5, vehicles: 2 }))
    const r = beforeAfter(samples, EFFECTIVE, { weeks: 4 })
    expect(r.vehicles.n_before).toBe(10)
    expect(r.blocked_share.n_before).toBe(5)
    expect(r.blocked_share.verdict).toBe('insufficient')
  })

  it('uses Asia/Shanghai Monday weeks, splits the change week at the change and drops sightings outside', () => {
    const at = (iso: string, vehicles = 1): BeforeAfterSample => ({ observed_at: iso, blocked_share: null, vehicles })
    const r = beforeAfter(
      [
        at('2026-03-01T15:59:59Z'), // Sunday 23:59:59 Beijing, week of 02-23: outside one week back
        at('2026-03-01T16:00:00Z'), // Monday 03-02 00:00 Beijing: first week before
        at('2026-03-08T16:30:00Z'), // Monday 03-09 00:30 Beijing: the change week, before the change
        at('2026-03-10T16:00:00Z'), // the change itself: after
        at('2026-03-22T15:59:00Z'), // Sunday 03-22 23:59 Beijing: last week after
        at('2026-03-22T16:00:00Z'), // Monday 03-23: outside
      ],
      '2026-03-11',
      { weeks: 1 },
    )
    expect(r.weekly.map((w) => [w.week, w.side, w.n])).toEqual([
      ['2026-03-02', 'before', 1],
      ['2026-03-09', 'change', 2],
      ['2026-03-16', 'after', 1],
    ])
    expect([r.before.n, r.after.n]).toEqual([2, 2])
    expect(r.before.from).toBe('2026-03-01T16:00:00.000Z')
    expect(r.after.to).toBe('2026-03-22T16:00:00.000Z')
    expect(r.effective_at).toBe('2026-03-10T16:00:00.000Z')
  })

  it('accepts an instant as the change and clamps weeks to 1–26', () => {
    const r = beforeAfter([], '2026-03-11T06:00:00Z', { weeks: 99 })
    expect(r.weeks).toBe(26)
    expect(r.weekly).toHaveLength(53)
    expect(() => beforeAfter([], 'soon', { weeks: 4 })).toThrow(RangeError)
  })
})

describe('mannWhitney', () => {
  it('matches a textbook value (no ties)', () => {
    // U of [1..5] against [6..10] is 0; z = (0 − 12.5 + 0.5) / √(25·11/12) ≈ −2.5067; p ≈ 0.0122.
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    expect(r.u).toBe(0)
    expect(r.z).toBeCloseTo(-2.5067, 3)
    expect(r.p).toBeCloseTo(0.0122, 3)
  })
})
