// What a person reads: instants in Beijing time whatever the device's time zone, money as CNY. Pages
// take these through useFormat() (bound to the chosen language); lint refuses a date formatter without
// a time zone anywhere in the client.
import { formatMoney, type MoneyLocale } from '#domain/money.ts'
import { useI18n } from './index.ts'

export const BEIJING_TZ = 'Asia/Shanghai'

const STYLES = {
  /** 2026/12/7 08:30 */
  dateTime: { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** 12/7 08:30 */
  shortDateTime: { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** 2026/12/7 */
  date: { year: 'numeric', month: 'numeric', day: 'numeric' },
  /** 08:30 */
  time: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
export type InstantStyle = keyof typeof STYLES

const FORMATTERS = new Map<string, Intl.DateTimeFormat>()

/** An instant (ISO text or Date) as Beijing wall time in the given language; '' for an unreadable one. */
export function formatInstant(instant: string | Date, locale: string, style: InstantStyle = 'dateTime'): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant
  if (Number.isNaN(d.getTime())) return ''
  const key = `${locale}|${style}`
  let f = FORMATTERS.get(key)
  if (!f) FORMATTERS.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: BEIJING_TZ, hourCycle: 'h23', ...STYLES[style] })))
  return f.format(d)
}

/** The formatters in the current language: `const fmt = useFormat()`, then `fmt.dateTime(iso)`, `fmt.money(fen)`. */
export function useFormat() {
  const { locale } = useI18n()
  const at = (style: InstantStyle) => (instant: string | Date) => formatInstant(instant, locale.value, style)
  return {
    dateTime: at('dateTime'),
    shortDateTime: at('shortDateTime'),
    date: at('date'),
    time: at('time'),
    money: (fen: number) => formatMoney(fen, locale.value as MoneyLocale),
  }
}
