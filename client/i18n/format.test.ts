import { describe, expect, it } from 'vitest'
import { formatInstant } from './format.ts'

// 17:30 UTC on 6 December is 01:30 on 7 December in Beijing: a formatter in the device's zone (UTC here,
// New York in the e2e) would show the 6th.
const LATE = '2026-12-06T17:30:00Z'

describe('instants shown in Beijing time', () => {
  it('formats in Asia/Shanghai whatever the process zone', () => {
    expect(formatInstant(LATE, 'zh-CN')).toBe('2026/12/7 01:30')
    expect(formatInstant(LATE, 'zh-CN', 'date')).toBe('2026/12/7')
    expect(formatInstant(LATE, 'zh-CN', 'time')).toBe('01:30')
    expect(formatInstant(LATE, 'zh-CN', 'shortDateTime')).toBe('12/7 01:30')
    expect(formatInstant(new Date(LATE), 'en')).toBe('12/7/2026, 01:30')
    expect(formatInstant('2026-12-07T12:05:00Z', 'en', 'time')).toBe('20:05')
  })
  it('shows nothing for an unreadable instant instead of throwing', () => {
    expect(formatInstant('', 'zh-CN')).toBe('')
    expect(formatInstant('not a time', 'en', 'date')).toBe('')
  })
})
