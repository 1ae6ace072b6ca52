// Residents buy NEXT week's tickets from Monday opening to Thursday closing, on Beijing time, and the
// server clock decides. One function answers "is it open, for which week, until when" for both ends.
import { z } from 'zod'
import { addDays, BUSINESS_TZ_OFFSET_MIN, businessDate, businessMinuteOfDay, isoWeekOf, isoWeekStart } from '../time.ts'

export interface WindowSettings {
  /** ISO weekday 1–7 of the week before the meals. */
  opens_weekday: number
  opens_time: string
  closes_weekday: number
  closes_time: string
}

export const DEFAULT_WINDOW: WindowSettings = { opens_weekday: 1, opens_time: '10:00', closes_weekday: 4, closes_time: '20:00' }

export interface SalesWindow {
  /** open: selling `week` now; before: `week` opens at opens_at; after: closed, the next window is in `next`. */
  status: 'open' | 'before' | 'after'
  /** The ISO week whose tickets this window sells. */
  week: string
  opens_at: string
  closes_at: string
  /** When status is 'after': the following window. */
  next?: { week: string; opens_at: string; closes_at: string }
}

const Window = z.object({ week: z.string(), opens_at: z.string(), closes_at: z.string() })

/** The sales window as the API sends it: the window now, the next one when closed, and its rule in both languages. */
export const SalesWindowView = Window.extend({
  status: z.enum(['open', 'before', 'after']),
  next: Window.optional(),
  rule: z.object({ 'zh-CN': z.string(), en: z.string() }),
})
export type SalesWindowView = z.infer<typeof SalesWindowView>

export function nextIsoWeek(week: string): string {
  const monday = isoWeekStart(week)
  if (!monday) throw new RangeError(`bad week ${week}`)
  return isoWeekOf(addDays(monday, 7))
}

/** The UTC instant of a Beijing wall-clock time on a plain date. */
export function shanghaiInstant(date: string, hhmm: string): Date {
  const sign = BUSINESS_TZ_OFFSET_MIN >= 0 ? '+' : '-'
  const off = Math.abs(BUSINESS_TZ_OFFSET_MIN)
  const tz = `${sign}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`
  return new Date(`${date}T${hhmm}:00${tz}`)
}

/** '2026-12-03 20:00' in Beijing time. */
export function formatShanghai(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant
  const m = businessMinuteOfDay(d)
  return `${businessDate(d)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** The window held during ISO week `week` (selling the week after it). */
export function windowDuring(week: string, s: WindowSettings): { week: string; opens_at: string; closes_at: string } {
  const monday = isoWeekStart(week)
  if (!monday) throw new RangeError(`bad week ${week}`)
  return {
    week: nextIsoWeek(week),
    opens_at: shanghaiInstant(addDays(monday, s.opens_weekday - 1), s.opens_time).toISOString(),
    closes_at: shanghaiInstant(addDays(monday, s.closes_weekday - 1), s.closes_time).toISOString(),
  }
}

export function salesWindow(now: Date, s: WindowSettings = DEFAULT_WINDOW): SalesWindow {
  const thisWeek = isoWeekOf(businessDate(now))
  const w = windowDuring(thisWeek, s)
  const t = now.toISOString()
  if (t < w.opens_at) return { status: 'before', ...w }
  if (t < w.closes_at) return { status: 'open', ...w }
  return { status: 'after', ...w, next: windowDuring(nextIsoWeek(thisWeek), s) }
}

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']
const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** '每周一 10:00 至周四 20:00（北京时间）' */
export function describeWindow(s: WindowSettings): { 'zh-CN': string; en: string } {
  return {
    'zh-CN': `每${WEEKDAY_ZH[s.opens_weekday]} ${s.opens_time} 至${WEEKDAY_ZH[s.closes_weekday]} ${s.closes_time}（北京时间）`,
    en: `${WEEKDAY_EN[s.opens_weekday]} ${s.opens_time} to ${WEEKDAY_EN[s.closes_weekday]} ${s.closes_time} (Beijing time)`,
  }
}

/**
 * Why a sale of `week`'s tickets at `now` is refused, naming the window; undefined when it may be sold.
 */
export function saleRefusal(now: Date, week: string, s: WindowSettings = DEFAULT_WINDOW): { 'zh-CN': string; en: string } | undefined {
  const win = salesWindow(now, s)
  if (win.status === 'open' && win.week === week) return undefined
  const rule = describeWindow(s)
  const at = formatShanghai(now)
  let zh: string
  let en: string
  if (win.status === 'open') {
    zh = `现在（${at}）只能购买 ${win.week} 的餐券，售票至 ${formatShanghai(win.closes_at)}。`
    en = `Now (${at}) only tickets for ${win.week} are on sale, until ${formatShanghai(win.closes_at)}.`
  } else if (win.status === 'before') {
    zh = `${win.week} 的餐券将于 ${formatShanghai(win.opens_at)} 开售，现在（${at}）不在售票时间内。`
    en = `Tickets for ${win.week} go on sale at ${formatShanghai(win.opens_at)}; now (${at}) is outside the sales window.`
  } else {
    const next = win.next!
    zh = `${win.week} 的餐券已于 ${formatShanghai(win.closes_at)} 停售（现在 ${at}）；${next.week} 的餐券 ${formatShanghai(next.opens_at)} 开售。`
    en = `Sales for ${win.week} closed at ${formatShanghai(win.closes_at)} (now ${at}); tickets for ${next.week} go on sale at ${formatShanghai(next.opens_at)}.`
  }
  return { 'zh-CN': `售票时间为${rule['zh-CN']}。${zh}`, en: `Tickets are sold ${rule.en}. ${en}` }
}
