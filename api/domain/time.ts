// Business dates are computed in Asia/Shanghai (UTC+8, no DST since 1991); instants travel as UTC ISO.
// ISO weeks key menus and rosters ('2026-W53'), so the week arithmetic lives here, shared by both ends.

export const BUSINESS_TZ_OFFSET_MIN = 8 * 60

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function businessDate(instant: Date): string {
  const shifted = new Date(instant.getTime() + BUSINESS_TZ_OFFSET_MIN * 60_000)
  return shifted.toISOString().slice(0, 10)
}

/** The instant as Beijing wall time with its offset: '2026-12-07T08:30:00+08:00' (whole seconds). */
export function beijingIso(instant: Date | string): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  return `${new Date(t + BUSINESS_TZ_OFFSET_MIN * 60_000).toISOString().slice(0, 19)}+08:00`
}

/** Minutes since local midnight in Asia/Shanghai. */
export function businessMinuteOfDay(instant: Date): number {
  const shifted = new Date(instant.getTime() + BUSINESS_TZ_OFFSET_MIN * 60_000)
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes()
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a plain date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay()
  return d === 0 ? 7 : d
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** ISO week key of a plain date: '2026-W53'. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date))
  const year = Number(thursday.slice(0, 4))
  const jan1 = Date.UTC(year, 0, 1)
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / 86_400_000 / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

export const ISO_WEEK_RE = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/

/** The Monday (plain date) that starts an ISO week key, or undefined for a week that does not exist. */
export function isoWeekStart(week: string): string | undefined {
  const m = ISO_WEEK_RE.exec(week)
  if (!m) return undefined
  const year = Number(m[1])
  const n = Number(m[2])
  const jan4 = `${year}-01-04`
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4))
  const monday = addDays(week1Monday, (n - 1) * 7)
  return isoWeekOf(monday) === week ? monday : undefined
}

/** The seven plain dates of an ISO week, Monday first. */
export function isoWeekDates(week: string): string[] | undefined {
  const start = isoWeekStart(week)
  return start ? Array.from({ length: 7 }, (_, i) => addDays(start, i)) : undefined
}

export const PLAIN_DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

export function isPlainDate(s: string): boolean {
  return PLAIN_DATE_RE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s
}
