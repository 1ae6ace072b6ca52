import { describe, expect, it } from 'vitest'
import { addMonths, changeTone, formatChange, formatFigure, monthOf, periodOf } from './brief.ts'
import { agreementInForce, reconciledWeeks, worstHotspots } from './figures.ts'

describe('brief periods', () => {
  it('cuts a month at its end in Beijing time, or at now while it runs', () => {
    const now = new Date('2026-12-07T03:00:00Z')
    const nov = periodOf('2026-11', now)
    expect([nov.from, nov.to, nov.last_date, nov.through_date, nov.days_over_until]).toEqual([
      '2026-10-31T16:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
      '2026-11-30',
      '2026-11-30',
      '2026-11-30',
    ])
    const dec = periodOf('2026-12', now)
    expect([dec.to, dec.through_date, dec.days_over_until]).toEqual(['2026-12-07T03:00:00.000Z', '2026-12-07', '2026-12-06'])
    expect(monthOf(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12')
    expect([addMonths('2026-01', -1), addMonths('2026-11', -12), addMonths('2026-12', 1)]).toEqual(['2025-12', '2025-11', '2027-01'])
  })

  it('reconciles each ISO week in the month its Monday falls in', () => {
    const now = new Date('2027-01-01T00:00:00Z')
    expect(reconciledWeeks(periodOf('2026-11', now))).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'])
    expect(reconciledWeeks(periodOf('2026-12', now))).toEqual(['2026-W50', '2026-W51', '2026-W52', '2026-W53'])
  })
})

describe('brief figures as text', () => {
  it('formats counts, shares, money and missing values one way', () => {
    expect([
      formatFigure(3, 'count'),
      formatFigure(0.8254, 'percent'),
      formatFigure(123456, 'fen'),
      formatFigure(2.5, 'decimal'),
      formatFigure(null, 'count'),
    ]).toEqual(['3', '82.5%', '¥1,234.56', '2.50', '—'])
    const f = { unit: 'percent' as const, current: { value: 0.7, reason: null }, lower_is_better: false }
    expect(formatChange(f, { value: 0.75, reason: null })).toBe('−5.0 个百分点')
    expect(formatChange(f, { value: null, reason: '上月无记录' })).toBe('')
    expect(changeTone(f, { value: 0.75, reason: null })).toBe('down')
    expect(changeTone({ ...f, lower_is_better: true }, { value: 0.75, reason: null })).toBe('up')
  })
})

describe('brief rules', () => {
  const p = periodOf('2026-11', new Date('2026-12-07T00:00:00Z'))
  it('holds an agreement in force from its effective date, and an ended one through the month it ended', () => {
    const a = { id: 'a', status: 'active', effective_date: '2026-11-30', updated_at: '2026-11-30T00:00:00Z' }
    expect(agreementInForce(a, p)).toBe(true)
    expect(agreementInForce({ ...a, effective_date: '2026-12-01' }, p)).toBe(false)
    expect(agreementInForce({ ...a, status: 'ended', updated_at: '2026-11-10T00:00:00Z' }, p)).toBe(true)
    expect(agreementInForce({ ...a, status: 'ended', updated_at: '2026-10-10T00:00:00Z' }, p)).toBe(false)
    expect(agreementInForce({ ...a, status: 'draft' }, p)).toBe(false)
  })

  it('ranks hotspots by sightings in the month with a six-week trend and their latest photo', () => {
    const hs = (id: string) => ({ id, formed: true, first_at: '2026-10-01T00:00:00Z', landmark: id, status: 'new', community_id: 'c' })
    const seen = (id: string, hotspot: string, at: string, photos: string[] = []) => ({ id, observed_at: at, hotspot_id: hotspot, photos })
    const ranked = worstHotspots(
      {
        hotspots: [hs('a'), hs('b'), { ...hs('c'), formed: false }],
        reports: [seen('r1', 'a', '2026-11-02T01:00:00Z', ['p-old']), seen('r2', 'b', '2026-11-03T01:00:00Z'), seen('r3', 'c', '2026-11-03T01:00:00Z')],
        observations: [seen('o1', 'a', '2026-11-25T01:00:00Z', ['p-new']), seen('o2', 'a', '2026-10-20T01:00:00Z')],
      },
      p,
    )
    expect(ranked.map((h) => [h.id, h.sightings, h.photo])).toEqual([
      ['a', 2, 'p-new'],
      ['b', 1, null],
    ])
    // Weeks end with the month (30 Nov 24:00 Beijing): 20 Oct, 2 Nov and 25 Nov fall in the 1st, 2nd and 6th.
    expect(ranked[0]!.trend).toEqual([1, 1, 0, 0, 0, 1])
  })
})
