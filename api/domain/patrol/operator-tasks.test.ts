import { describe, expect, it } from 'vitest'
import { ClearingInput, ClearingTerms, dueAt, median, WebhookInput, windowMinutes } from './operator-tasks.ts'
import { combinedCompliance } from './compliance.ts'
import { Commitment } from './agreements.ts'

const W = { window_start: '07:00', window_end: '21:00' }
// Beijing = UTC+8: 07:00 Beijing is 23:00 UTC of the day before, 21:00 Beijing is 13:00 UTC.

describe('window minutes (Asia/Shanghai)', () => {
  it('counts the whole span without a window', () => {
    expect(windowMinutes('2026-12-02T02:00:00Z', '2026-12-02T03:30:00Z', null)).toBe(90)
  })
  it('pauses the clock at night: 20:30 → next day 07:45 Beijing is 30 + 45 minutes', () => {
    expect(windowMinutes('2026-12-02T12:30:00Z', '2026-12-02T23:45:00Z', W)).toBe(75)
  })
  it('a task opened at 03:00 Beijing starts counting at 07:00', () => {
    expect(windowMinutes('2026-12-01T19:00:00Z', '2026-12-02T00:00:00Z', W)).toBe(60)
  })
  it('spans several days: two full windows of 14 h', () => {
    expect(windowMinutes('2026-12-01T13:00:00Z', '2026-12-03T13:00:00Z', W)).toBe(2 * 14 * 60)
  })
  it('never negative', () => {
    expect(windowMinutes('2026-12-02T03:00:00Z', '2026-12-02T02:00:00Z', W)).toBe(0)
  })
})

describe('due time', () => {
  const terms = ClearingTerms.parse({ within_minutes: 120, ...W })
  it('inside the window: two hours later', () => {
    expect(dueAt('2026-12-02T02:00:00Z', terms)).toBe('2026-12-02T04:00:00.000Z')
  })
  it('late in the evening: the rest carries over to the next morning', () => {
    // 20:30 Beijing: 30 min today, 90 min from 07:00 → 08:30 Beijing = 00:30 UTC.
    expect(dueAt('2026-12-02T12:30:00Z', terms)).toBe('2026-12-03T00:30:00.000Z')
  })
  it('agrees with windowMinutes', () => {
    const opened = '2026-12-02T10:17:00Z'
    expect(windowMinutes(opened, dueAt(opened, terms), terms)).toBe(120)
  })
})

describe('terms and inputs', () => {
  it('refuses a window that ends before it starts, and a time outside 10 min – 7 days', () => {
    expect(ClearingTerms.safeParse({ within_minutes: 120, window_start: '21:00', window_end: '07:00' }).error?.issues[0]?.message).toBe('clearing_window')
    expect(ClearingTerms.safeParse({ within_minutes: 5 }).error?.issues[0]?.message).toBe('clearing_within')
    expect(ClearingTerms.parse({ within_minutes: 60 })).toEqual({ within_minutes: 60, window_start: '00:00', window_end: '24:00' })
  })
  it('a commitment carries clearing terms or none', () => {
    expect(Commitment.parse({ party_id: 'p', text: '清运' }).clearing).toBeNull()
    expect(Commitment.parse({ party_id: 'p', text: '清运', clearing: { within_minutes: 120, ...W } }).clearing).toEqual({ within_minutes: 120, ...W })
  })
  it('a clearing needs a photo', () => {
    const r = ClearingInput.safeParse({ task_id: '0193a0a0-0000-7000-8000-000000000001', cleared_at: '2026-12-02T02:00:00Z', photos: [] })
    expect(r.error?.issues[0]?.message).toBe('clearing_photo_required')
  })
  it('a webhook URL must be https', () => {
    expect(WebhookInput.safeParse({ url: 'http://example.com/hook' }).error?.issues[0]?.message).toBe('webhook_https_only')
    expect(WebhookInput.safeParse({ url: 'not a url' }).error?.issues[0]?.message).toBe('webhook_url')
    expect(WebhookInput.safeParse({ url: 'https://example.com/hook' }).success).toBe(true)
  })
})

describe('figures', () => {
  it('median of odd and even lists', () => {
    expect(median([])).toBeNull()
    expect(median([30, 10, 20])).toBe(20)
    expect(median([10, 40, 20, 30])).toBe(25)
  })
  it('combined compliance weighs checks and clearing times equally', () => {
    expect(combinedCompliance(0.8, 0.4)).toBeCloseTo(0.6)
    expect(combinedCompliance(null, 0.4)).toBe(0.4)
    expect(combinedCompliance(0.8, null)).toBe(0.8)
    expect(combinedCompliance(null, null)).toBeNull()
  })
})
