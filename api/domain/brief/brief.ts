// The monthly brief (月报): one computed object per month, subdistrict and (optionally) community that
// the printable page, the .docx download and the coordinator's home card all render, so every copy
// carries the same numbers. The brief's text is zh-CN; values are plain numbers with a unit, and
// `formatFigure` is the one way they become text, on the page and in the document alike.
import { z } from 'zod'
import { text } from '../text.ts'
import { Slug } from '../ids.ts'
import { formatMoney } from '../money.ts'
import { addDays, BUSINESS_TZ_OFFSET_MIN } from '../time.ts'

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/
export const Month = text().regex(MONTH_RE, { error: 'brief_month_invalid' })

export const BriefQuery = z.object({
  /** YYYY-MM in Beijing time; this month when absent. */
  month: Month.optional(),
  /** One community of the subdistrict; the whole subdistrict when absent. */
  community: Slug.optional(),
  /** The signed-in user's subdistrict (the only one they may see). */
  subdistrict: Slug.optional(),
})
export type BriefQuery = z.infer<typeof BriefQuery>

export const FIGURE_UNITS = ['count', 'percent', 'fen', 'decimal'] as const
export const FigureUnit = z.enum(FIGURE_UNITS)
export type FigureUnit = z.infer<typeof FigureUnit>

/** A value of one period, or null with the reason it is missing (shown as "—"). */
export const BriefValue = z.object({ value: z.number().nullable(), reason: z.string().nullable() })
export type BriefValue = z.infer<typeof BriefValue>

export const BriefFigure = z.object({
  key: z.string(),
  label: z.string(),
  unit: FigureUnit,
  /** true where a fall is good news (no-shows, return trips). */
  lower_is_better: z.boolean(),
  current: BriefValue,
  previous: BriefValue,
  last_year: BriefValue,
  /** App path of the filtered list behind the number, or null where no list shows it. */
  link: z.string().nullable(),
})
export type BriefFigure = z.infer<typeof BriefFigure>

export const BriefCell = z.union([z.string(), z.number(), z.null()])
export const BriefColumn = z.object({ key: z.string(), label: z.string(), unit: FigureUnit.nullable() })
export const BriefRow = z.object({
  cells: z.array(BriefCell),
  link: z.string().nullable(),
  /** SHA-256 of a photo (shown through /api/media/{sha256}). */
  photo: z.string().nullable(),
  /** A small series (oldest first) drawn as a sparkline. */
  trend: z.array(z.number()).nullable(),
})
export const BriefTable = z.object({
  key: z.string(),
  title: z.string(),
  columns: z.array(BriefColumn),
  rows: z.array(BriefRow),
  /** Why the table has no rows. */
  empty: z.string(),
  /** What the trend column's points are ("近 6 周每周发现次数"), when rows have a trend. */
  trend_label: z.string().nullable(),
})
export type BriefTable = z.infer<typeof BriefTable>
export type BriefRow = z.infer<typeof BriefRow>
export type BriefColumn = z.infer<typeof BriefColumn>

export const BriefSection = z.object({
  id: z.string(),
  title: z.string(),
  /** Why the section is empty (no data this month), or null when it has data. */
  empty: z.string().nullable(),
  /** How the section's figures are defined, printed under it. */
  notes: z.array(z.string()),
  figures: z.array(BriefFigure),
  tables: z.array(BriefTable),
})
export type BriefSection = z.infer<typeof BriefSection>

export const MonthlyBrief = z.object({
  month: z.string(),
  previous_month: z.string(),
  last_year_month: z.string(),
  subdistrict: z.object({ id: z.string(), name: z.string() }),
  community: z.object({ id: z.string(), name: z.string() }).nullable(),
  communities: z.array(z.object({ id: z.string(), name: z.string() })),
  /** When the brief was computed (UTC ISO). */
  generated_at: z.string(),
  /** Records up to this instant are counted: the month's end, or now while the month runs. */
  cutoff: z.string(),
  /** The month is still running: its figures are partial. */
  partial: z.boolean(),
  sections: z.array(BriefSection),
})
export type MonthlyBrief = z.infer<typeof MonthlyBrief>

/** The coordinator's home card: a few headline figures, this month against last month. */
export const BriefGlance = z.object({
  month: z.string(),
  previous_month: z.string(),
  cutoff: z.string(),
  figures: z.array(BriefFigure.extend({ section: z.string() })),
})
export type BriefGlance = z.infer<typeof BriefGlance>

// ---- months -------------------------------------------------------------------------------------

/** The month (YYYY-MM) an instant falls in, in Beijing time. */
export function monthOf(instant: Date): string {
  return new Date(instant.getTime() + BUSINESS_TZ_OFFSET_MIN * 60_000).toISOString().slice(0, 7)
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** A month as the instants and business dates records are compared with. */
export interface BriefPeriod {
  month: string
  /** First instant (UTC ISO) of the month in Beijing time. */
  from: string
  /** First instant after the month, or the cut-off while the month runs (UTC ISO, exclusive). */
  to: string
  /** First and last business date of the month. */
  first_date: string
  last_date: string
  /** Last business date with records counted (the cut-off's date while the month runs). */
  through_date: string
  /** Last business date whose day is over by the cut-off (pickups still open are not no-shows). */
  days_over_until: string
}

export function periodOf(month: string, cutoff: Date): BriefPeriod {
  const from = new Date(`${month}-01T00:00:00+08:00`)
  const next = new Date(`${addMonths(month, 1)}-01T00:00:00+08:00`)
  const to = cutoff < next ? cutoff : next
  const lastDate = addDays(`${addMonths(month, 1)}-01`, -1)
  const cutDate = new Date(to.getTime() + BUSINESS_TZ_OFFSET_MIN * 60_000 - 1).toISOString().slice(0, 10)
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    first_date: `${month}-01`,
    last_date: lastDate,
    through_date: to < next ? cutDate : lastDate,
    days_over_until: to < next ? addDays(cutDate, -1) : lastDate,
  }
}

/** "2026年11月" */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`

// ---- text of a figure ---------------------------------------------------------------------------

/** The one way a figure's value becomes text (zh-CN), on the page and in the .docx alike. */
export function formatFigure(value: number | null, unit: FigureUnit | null): string {
  if (value === null) return '—'
  switch (unit) {
    case 'percent':
      return `${(Math.round(value * 1000) / 10).toFixed(1)}%`
    case 'fen':
      return formatMoney(value, 'zh-CN')
    case 'decimal':
      return (Math.round(value * 100) / 100).toFixed(2)
    default:
      return String(value)
  }
}

export function formatCell(value: string | number | null, unit: FigureUnit | null): string {
  return typeof value === 'number' || value === null ? formatFigure(value, unit) : value
}

/** The change of a figure against another period as text: "+3", "−2.5 个百分点", "" when either is missing. */
export function formatChange(f: Pick<BriefFigure, 'unit' | 'current'>, other: BriefValue): string {
  if (f.current.value === null || other.value === null) return ''
  const d = f.current.value - other.value
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±'
  const abs = Math.abs(d)
  if (f.unit === 'percent') return `${sign}${(Math.round(abs * 1000) / 10).toFixed(1)} 个百分点`
  if (f.unit === 'fen') return `${sign}${formatMoney(abs, 'zh-CN')}`
  if (f.unit === 'decimal') return `${sign}${(Math.round(abs * 100) / 100).toFixed(2)}`
  return `${sign}${abs}`
}

/** Whether a change is good news, bad news or neither, for the arrow's colour. */
export function changeTone(f: Pick<BriefFigure, 'current' | 'lower_is_better'>, other: BriefValue): 'up' | 'down' | 'flat' | 'none' {
  if (f.current.value === null || other.value === null) return 'none'
  if (f.current.value === other.value) return 'flat'
  return f.current.value > other.value !== f.lower_is_better ? 'up' : 'down'
}
