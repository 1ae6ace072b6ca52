import { describe, expect, it } from 'vitest'
import { computeCoverage, suggestTraining, type CoverageInput } from './coverage.ts'
import { trainingChanges, trainerGaps } from './skills.ts'

const lv = (o: Record<string, Record<string, number>>) => new Map(Object.entries(o).map(([w, m]) => [w, new Map(Object.entries(m))]))

// Two slots: Monday morning W1+W2, Monday afternoon W3 alone. Matters: pension (asked often), disability, housing.
const base: CoverageInput = {
  slots: [
    { date: '2026-12-07', half: 'am' },
    { date: '2026-12-07', half: 'pm' },
  ],
  assignments: [
    { id: 'a1', date: '2026-12-07', half: 'am', counter_id: 'c', worker_id: 'W1' },
    { id: 'a2', date: '2026-12-07', half: 'am', counter_id: 'c', worker_id: 'W2' },
    { id: 'a3', date: '2026-12-07', half: 'pm', counter_id: 'c', worker_id: 'W3' },
  ],
  leaves: [],
  levels: lv({ W1: { pension: 3, disability: 1 }, W2: { housing: 2 }, W3: { pension: 1, housing: 2 } }),
  guide_ids: ['pension', 'disability', 'housing'],
  demand: new Map([
    ['pension', 9],
    ['disability', 4],
  ]), // weights 10, 5, 1 → total 16
}

describe('coverage', () => {
  it('lists per slot the matters nobody on duty can handle (≥2) or answer (≥1), heaviest first, and weights the score', () => {
    const c = computeCoverage(base)
    const [am, pm] = c.slots
    expect(am).toMatchObject({ on_duty: ['W1', 'W2'], gaps_handle: ['disability'], gaps_answer: [], score_handle: 0.688, score_answer: 1 })
    expect(pm).toMatchObject({ on_duty: ['W3'], gaps_handle: ['pension', 'disability'], gaps_answer: ['disability'], score_handle: 0.063, score_answer: 0.688 })
    expect(c.score_handle).toBe(0.375) // (0.6875 + 0.0625) / 2
    expect(c.weights).toEqual({ pension: 10, disability: 5, housing: 1 })
  })

  it('does not count a worker on leave as on duty', () => {
    const c = computeCoverage({ ...base, leaves: [{ id: 'L', worker_id: 'W1', start_date: '2026-12-07', end_date: '2026-12-07', half: 'am' }] })
    expect(c.slots[0]).toMatchObject({ on_duty: ['W2'], gaps_handle: ['pension', 'disability'] })
  })

  it('suggests the training that closes the most weighted gaps first, never two for the same gap', () => {
    const s = suggestTraining(base, 5)
    expect(s[0]).toMatchObject({ worker_id: 'W3', guide_id: 'pension', current_level: 1, gain: 10, slots_closed: ['2026-12-07:pm'], trainer_id: 'W1' })
    // Disability is open in both slots; W1 (level 1, am) and W3 (pm) each close one — W1 first as the closer one.
    expect(s.slice(1).map((x) => `${x.worker_id}:${x.guide_id}:${x.gain}`)).toEqual(['W1:disability:5', 'W3:disability:5'])
    expect(s).toHaveLength(3)
    const after = computeCoverage({
      ...base,
      levels: lv({ W1: { pension: 3, disability: 2 }, W2: { housing: 2 }, W3: { pension: 2, housing: 2, disability: 2 } }),
    })
    expect(after.score_handle).toBe(1)
  })

  it('scores a slot with nobody on duty as zero', () => {
    const c = computeCoverage({ ...base, slots: [{ date: '2026-12-08', half: 'am' }] })
    expect(c.slots[0]).toMatchObject({ on_duty: [], score_handle: 0, score_answer: 0 })
  })
})

describe('training', () => {
  it('raises each attendee to the target in each matter, never lowers, and skips the trainer', () => {
    const levels = lv({ T: { p: 3 }, A: { p: 2 }, B: {} })
    expect(trainingChanges(levels, { trainer_id: 'T', attendee_ids: ['A', 'B', 'T'], guide_ids: ['p', 'q'], target_level: 2 })).toEqual([
      { worker_id: 'A', guide_id: 'q', from_level: 0, to_level: 2 },
      { worker_id: 'B', guide_id: 'p', from_level: 0, to_level: 2 },
      { worker_id: 'B', guide_id: 'q', from_level: 0, to_level: 2 },
    ])
    expect(trainerGaps(levels, 'T', ['p', 'q'])).toEqual(['q'])
  })
})
