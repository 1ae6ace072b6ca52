import { describe, expect, it } from 'vitest'
import { isoWeekDates, isoWeekOf, isoWeekStart } from '../time.ts'
import { nextIsoWeek, saleRefusal, salesWindow, shanghaiInstant, type WindowSettings } from './window.ts'

const at = (iso: string) => new Date(iso)

describe('sales window (Monday opening → Thursday closing, Asia/Shanghai)', () => {
  // 2026-W50 runs 2026-12-07..13; its window sells 2026-W51. Opening Mon 10:00 CST = 02:00Z, closing Thu 20:00 CST = 12:00Z.
  it('opens at Monday opening to the second', () => {
    expect(salesWindow(at('2026-12-07T01:59:59Z'))).toMatchObject({ status: 'before', week: '2026-W51' })
    expect(salesWindow(at('2026-12-07T02:00:00Z'))).toMatchObject({
      status: 'open',
      week: '2026-W51',
      opens_at: '2026-12-07T02:00:00.000Z',
      closes_at: '2026-12-10T12:00:00.000Z',
    })
  })

  it('closes at Thursday closing: open one second before, closed at the second', () => {
    expect(salesWindow(at('2026-12-10T11:59:59Z')).status).toBe('open')
    const after = salesWindow(at('2026-12-10T12:00:00Z'))
    expect(after).toMatchObject({ status: 'after', week: '2026-W51', next: { week: '2026-W52', opens_at: '2026-12-14T02:00:00.000Z' } })
    expect(saleRefusal(at('2026-12-10T11:59:59Z'), '2026-W51')).toBeUndefined()
    const refusal = saleRefusal(at('2026-12-10T12:00:00Z'), '2026-W51')!
    expect(refusal['zh-CN']).toContain('每周一 10:00 至周四 20:00（北京时间）')
    expect(refusal['zh-CN']).toContain('已于 2026-12-10 20:00 停售')
    expect(refusal.en).toContain('closed at 2026-12-10 20:00')
  })

  it('uses the Beijing date across a UTC date boundary (opening 07:30 CST is Sunday 23:30 UTC)', () => {
    const early: WindowSettings = { opens_weekday: 1, opens_time: '07:30', closes_weekday: 4, closes_time: '23:30' }
    // Sunday 2026-12-06 23:30Z is Monday 07:30 in Beijing: open, for W51, although UTC still says Sunday of W49.
    expect(salesWindow(at('2026-12-06T23:29:59Z'), early)).toMatchObject({ status: 'before', week: '2026-W51' })
    expect(salesWindow(at('2026-12-06T23:30:00Z'), early)).toMatchObject({ status: 'open', week: '2026-W51', opens_at: '2026-12-06T23:30:00.000Z' })
    // Thursday 23:30 CST is Thursday 15:30Z.
    expect(salesWindow(at('2026-12-10T15:29:59Z'), early).status).toBe('open')
    expect(salesWindow(at('2026-12-10T15:30:00Z'), early).status).toBe('after')
    // Sunday 16:00Z is already Monday 00:00 in Beijing: the W51 week, before its window for W52.
    expect(salesWindow(at('2026-12-13T16:00:00Z'), early)).toMatchObject({ status: 'before', week: '2026-W52' })
  })

  it('refuses the wrong week while open, naming the week on sale', () => {
    const r = saleRefusal(at('2026-12-08T04:00:00Z'), '2026-W52')!
    expect(r['zh-CN']).toContain('只能购买 2026-W51 的餐券')
  })

  it('crosses ISO week 53 and the year boundary', () => {
    expect(isoWeekStart('2026-W53')).toBe('2026-12-28')
    expect(isoWeekDates('2026-W53')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53')
    expect(nextIsoWeek('2026-W52')).toBe('2026-W53')
    expect(nextIsoWeek('2026-W53')).toBe('2027-W01')
    // During W52 (Dec 21–27) the window sells W53; during W53 it sells 2027-W01.
    expect(salesWindow(at('2026-12-21T02:00:00Z'))).toMatchObject({ status: 'open', week: '2026-W53' })
    expect(salesWindow(at('2026-12-31T11:59:59Z'))).toMatchObject({ status: 'open', week: '2027-W01', closes_at: '2026-12-31T12:00:00.000Z' })
    expect(salesWindow(at('2026-12-31T12:00:00Z'))).toMatchObject({ status: 'after', next: { week: '2027-W02', opens_at: '2027-01-04T02:00:00.000Z' } })
    expect(shanghaiInstant('2027-01-01', '00:00').toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })
})
