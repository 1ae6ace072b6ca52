import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../ids.ts'
import { complianceRate, complianceSeries, followUpFor, partyRates, ComplianceCheckInput } from './compliance.ts'

const A = uuidv7()
const B = uuidv7()
const check = (at: string, a: 'complied' | 'partly' | 'breached', b: 'complied' | 'partly' | 'breached') => ({
  id: uuidv7(),
  checked_at: at,
  results: [
    { party_id: A, outcome: a, note: '', photos: [] },
    { party_id: B, outcome: b, note: '', photos: [] },
  ],
})

describe('compliance rate', () => {
  it('is null before any check, and counts partly as half', () => {
    expect(complianceRate([])).toBeNull()
    expect(complianceRate([check('2026-11-23T01:00:00Z', 'complied', 'partly')])).toBe(0.75)
    expect(complianceRate([check('2026-11-23T01:00:00Z', 'complied', 'breached'), check('2026-11-24T01:00:00Z', 'complied', 'complied')])).toBe(0.75)
  })
  it('groups by ISO week in Beijing time, oldest first', () => {
    const series = complianceSeries([
      check('2026-11-29T16:30:00Z', 'complied', 'complied'), // 00:30 Monday 30 Nov in Beijing → W49
      check('2026-11-23T01:00:00Z', 'breached', 'partly'),
      check('2026-11-25T01:00:00Z', 'complied', 'complied'),
    ])
    expect(series).toEqual([
      { week: '2026-W48', rate: 0.625, checks: 2, breaches: 1 },
      { week: '2026-W49', rate: 1, checks: 1, breaches: 0 },
    ])
  })
  it('rates each party', () => {
    expect(partyRates([check('2026-11-23T01:00:00Z', 'complied', 'breached'), check('2026-11-24T01:00:00Z', 'partly', 'breached')])).toEqual({
      [A]: 0.75,
      [B]: 0,
    })
  })
  it('suggests a follow-up only while the latest check has a breach', () => {
    const breach = check('2026-11-23T01:00:00Z', 'complied', 'breached')
    expect(followUpFor([breach])).toMatchObject({ check_id: breach.id, party_ids: [B], recheck_by: '2026-11-30' })
    expect(followUpFor([breach, check('2026-11-24T01:00:00Z', 'complied', 'complied')])).toBeNull()
  })
  it('rejects a check recording the same party twice', () => {
    const r = ComplianceCheckInput.safeParse({
      agreement_id: uuidv7(),
      checked_at: '2026-11-23T01:00:00Z',
      results: [
        { party_id: A, outcome: 'complied' },
        { party_id: A, outcome: 'breached' },
      ],
    })
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['compliance_party_duplicate'])
  })
})
