import { describe, expect, it } from 'vitest'
import { countdown } from './countdown.ts'

const now = new Date('2026-12-02T02:00:00Z')

describe('countdown', () => {
  it('days and hours while a day or more is left', () => {
    expect(countdown('2026-12-04T05:30:00Z', now)).toEqual({ overdue: false, days: 2, hours: 3, minutes: 30, short: false })
  })
  it('hours and minutes under a day', () => {
    expect(countdown('2026-12-02T12:59:00Z', now)).toEqual({ overdue: false, days: 0, hours: 10, minutes: 59, short: true })
  })
  it('past the deadline it counts how long ago', () => {
    expect(countdown('2026-11-30T10:00:00Z', now)).toEqual({ overdue: true, days: 1, hours: 16, minutes: 0, short: false })
    expect(countdown('2026-12-02T01:15:00Z', now)).toMatchObject({ overdue: true, hours: 0, minutes: 45, short: true })
  })
})
