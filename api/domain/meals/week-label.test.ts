import { describe, expect, it } from 'vitest'
import { dayLabel, weekLabel } from './week-label.ts'

describe('week labels residents read', () => {
  it('names a week by its Monday and Sunday, not its ISO key', () => {
    expect(weekLabel('2026-W51')).toBe('12月14日—20日')
    expect(weekLabel('2026-W51', 'en')).toBe('Dec 14–20')
  })
  it('names both months when the week crosses one, and the year change too', () => {
    expect(weekLabel('2026-W53')).toBe('12月28日—1月3日')
    expect(weekLabel('2026-W53', 'en')).toBe('Dec 28 – Jan 3')
    expect(weekLabel('2026-W44')).toBe('10月26日—11月1日')
  })
  it('labels a day and leaves a key that is no week as it is', () => {
    expect(dayLabel('2026-12-07')).toBe('12月7日')
    expect(dayLabel('2026-12-07', 'en')).toBe('Dec 7')
    expect(weekLabel('nonsense')).toBe('nonsense')
  })
})
