import { describe, expect, it } from 'vitest'
import { findPreviousVisit, maskPhone, visitStats, demandOf, VisitInput, type VisitFacts } from './visits.ts'
import { GuideInput } from './guides.ts'
import { formatIssues } from '../messages.ts'

const v = (at: string, guide_ids: string[], outcome: VisitFacts['outcome'], is_return = false, duration_min: number | null = null): VisitFacts => ({
  at,
  guide_ids,
  outcome,
  is_return,
  duration_min,
})

describe('visit measures', () => {
  const visits = [
    v('2026-11-30T01:00:00Z', ['pension'], 'resolved', false, 10),
    v('2026-11-30T02:00:00Z', ['pension'], 'return_needed', false, 20),
    v('2026-12-01T02:00:00Z', ['pension'], 'resolved', true, 6),
    v('2026-12-02T02:00:00Z', ['housing', 'pension'], 'informed'),
    v('2026-12-07T02:00:00Z', ['housing'], 'referred', true),
  ]

  it('computes the repeat-trip rate and first-visit resolution rate overall, per matter and per week', () => {
    const s = visitStats(visits)
    expect(s).toMatchObject({ visits: 5, returns: 2, return_rate: 0.4, first_visit_resolution_rate: 0.667, avg_minutes: 12 })
    expect(s.per_matter.find((m) => m.guide_id === 'pension')).toMatchObject({ visits: 4, returns: 1, return_rate: 0.25, first_visit_resolution_rate: 0.667 })
    expect(s.per_matter.find((m) => m.guide_id === 'housing')).toMatchObject({ visits: 2, returns: 1, return_rate: 0.5, first_visit_resolution_rate: 1 })
    expect(s.per_week.map((w) => [w.week, w.visits, w.return_rate])).toEqual([
      ['2026-W49', 4, 0.25],
      ['2026-W50', 1, 1],
    ])
    expect(visitStats([])).toMatchObject({ visits: 0, return_rate: 0, first_visit_resolution_rate: 0, avg_minutes: null })
    expect(demandOf(visits).get('pension')).toBe(4)
  })

  it('links a return trip to the same resident’s latest earlier visit for the same matter within 60 days', () => {
    const past = [
      { id: 'old', at: '2026-08-01T01:00:00Z', resident_key: 'k1', guide_ids: ['pension'] },
      { id: 'p1', at: '2026-11-20T01:00:00Z', resident_key: 'k1', guide_ids: ['pension'] },
      { id: 'p2', at: '2026-11-25T01:00:00Z', resident_key: 'k1', guide_ids: ['housing'] },
      { id: 'p3', at: '2026-11-26T01:00:00Z', resident_key: 'k2', guide_ids: ['pension'] },
    ]
    expect(findPreviousVisit(past, { at: '2026-12-01T01:00:00Z', resident_key: 'k1', guide_ids: ['pension'] })?.id).toBe('p1')
    expect(findPreviousVisit(past, { at: '2026-12-01T01:00:00Z', resident_key: 'k1', guide_ids: ['disability'] })).toBeUndefined()
    expect(findPreviousVisit(past, { at: '2026-12-01T01:00:00Z', resident_key: null, guide_ids: ['pension'] })).toBeUndefined()
    expect(findPreviousVisit(past, { at: '2026-11-01T01:00:00Z', resident_key: 'k1', guide_ids: ['pension'] })).toBeUndefined()
    expect(maskPhone('13812345678')).toBe('138****5678')
  })

  it('asks for a matter, a valid phone and a reason when referring', () => {
    const r = VisitInput.safeParse({
      id: '019abcde-0000-7000-8000-000000000000',
      community_id: 'jiulongshan',
      guide_ids: [],
      worker_id: '019abcde-0000-7000-8000-000000000001',
      resident_phone: '12345',
      outcome: 'referred',
    })
    expect(r.success).toBe(false)
    expect(formatIssues(r.error!.issues, 'zh-CN').map((e) => `${e.path}:${e.message}`)).toEqual([
      'guide_ids:请至少选择一个办理事项',
      'resident_phone:手机号为 11 位数字',
      'outcome_note:转办或需再次来访时请写明原因',
    ])
  })
})

describe('guide contract', () => {
  it('rejects a guide with no materials or steps and a negative time limit, each at its field', () => {
    const r = GuideInput.safeParse({
      code: 'X-1',
      name: '测试',
      category: 'elderly',
      applicants: '本市户籍老人',
      materials: [],
      steps: [],
      statutory_days: -1,
      promised_days: 5,
      location: '社区服务站',
      visits_needed: 1,
      last_verified_on: '2026-11-01',
      fee_fen: 100,
    })
    expect(r.success).toBe(false)
    const paths = r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(paths).toEqual(
      expect.arrayContaining(['materials:counter_materials_required', 'steps:counter_steps_required', 'statutory_days:counter_days_nonnegative']),
    )
  })

  it('keeps the promised limit within the statutory one and asks for the basis of a fee', () => {
    const ok = {
      code: 'X-1',
      name: '测试',
      category: 'elderly',
      applicants: '老人',
      materials: [{ name: '身份证', form: 'original', copies: 1 }],
      steps: ['提交'],
      statutory_days: 5,
      promised_days: 3,
      location: '站',
      visits_needed: 1,
      last_verified_on: '2026-11-01',
    }
    expect(GuideInput.safeParse(ok).success).toBe(true)
    const bad = GuideInput.safeParse({ ...ok, promised_days: 8, fee_fen: 500 })
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'promised_days:counter_promised_exceeds_statutory',
      'fee_basis:counter_fee_basis_required',
    ])
  })
})
