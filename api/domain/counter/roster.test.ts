import { describe, expect, it } from 'vitest'
import { cycleIndex, detectConflicts, expandTemplate, onDuty, weekSlots, RosterSettings, DEFAULT_SETTINGS, type Assignment } from './roster.ts'

const a = (id: string, worker_id: string, date: string, half: 'am' | 'pm', counter_id = 'c1'): Assignment => ({ id, worker_id, date, half, counter_id })

describe('roster conflicts', () => {
  it('flags a worker on two counters in the same half-day, but not in different halves', () => {
    const list = [
      a('1', 'w1', '2026-12-07', 'am', 'c1'),
      a('2', 'w1', '2026-12-07', 'am', 'c2'),
      a('3', 'w1', '2026-12-07', 'pm', 'c2'),
      a('4', 'w2', '2026-12-07', 'am'),
    ]
    const c = detectConflicts(list, [])
    expect(c).toEqual([{ kind: 'double_booked', worker_id: 'w1', date: '2026-12-07', half: 'am', assignment_ids: ['1', '2'] }])
  })

  it('flags shifts inside a leave, including a half-day leave only for its half', () => {
    const list = [a('1', 'w1', '2026-12-07', 'am'), a('2', 'w1', '2026-12-09', 'pm'), a('3', 'w2', '2026-12-07', 'am'), a('4', 'w2', '2026-12-07', 'pm')]
    const leaves = [
      { id: 'L1', worker_id: 'w1', start_date: '2026-12-08', end_date: '2026-12-10', half: null },
      { id: 'L2', worker_id: 'w2', start_date: '2026-12-07', end_date: '2026-12-07', half: 'pm' as const },
    ]
    const c = detectConflicts(list, leaves)
    expect(c.map((x) => [x.kind, x.assignment_ids[0], x.leave_id])).toEqual([
      ['on_leave', '4', 'L2'],
      ['on_leave', '2', 'L1'],
    ])
    expect(onDuty(list, leaves, { date: '2026-12-07', half: 'pm' })).toEqual([])
    expect(onDuty(list, leaves, { date: '2026-12-07', half: 'am' })).toEqual(['w1', 'w2'])
  })
})

describe('rotating templates', () => {
  const t = {
    cycle_weeks: 2,
    anchor_week: '2026-W49',
    entries: [
      { week_index: 0, weekday: 1, half: 'am' as const, counter_id: 'c1', worker_id: 'A' },
      { week_index: 1, weekday: 1, half: 'am' as const, counter_id: 'c1', worker_id: 'B' },
      { week_index: 1, weekday: 5, half: 'pm' as const, counter_id: 'c1', worker_id: 'B' },
    ],
  }
  it('alternates A and B weeks from the anchor, also before it and across the year end', () => {
    expect(cycleIndex('2026-W49', '2026-W49', 2)).toBe(0)
    expect(cycleIndex('2026-W49', '2026-W50', 2)).toBe(1)
    expect(cycleIndex('2026-W49', '2026-W48', 2)).toBe(1)
    expect(cycleIndex('2026-W49', '2027-W01', 2)).toBe(1) // 2026 has 53 ISO weeks: W49→W53 is 4, W01 is 5
    expect(expandTemplate(t, '2026-W49')).toEqual([{ date: '2026-11-30', half: 'am', counter_id: 'c1', worker_id: 'A' }])
    expect(expandTemplate(t, '2026-W50').map((x) => `${x.date}:${x.half}:${x.worker_id}`)).toEqual(['2026-12-07:am:B', '2026-12-11:pm:B'])
  })

  it('makes the half-day slots of the open weekdays', () => {
    expect(weekSlots('2026-W50', DEFAULT_SETTINGS)).toHaveLength(10)
    expect(weekSlots('2026-W50', { open_weekdays: [6] })).toEqual([
      { date: '2026-12-12', half: 'am' },
      { date: '2026-12-12', half: 'pm' },
    ])
  })

  it('rejects hours out of order with a message at the field', () => {
    const r = RosterSettings.safeParse({ ...DEFAULT_SETTINGS, am_end: '08:00', pm_start: '25:00' })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['pm_start', 'counter_time_format'],
      ['am_end', 'counter_time_order'],
    ])
    const r2 = RosterSettings.safeParse({ ...DEFAULT_SETTINGS, am_end: '08:00' })
    expect(r2.error?.issues.map((i) => i.path.join('.'))).toEqual(['am_end'])
  })
})
