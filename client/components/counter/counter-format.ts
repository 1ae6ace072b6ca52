// How the counter pages say a time limit, a fee and the visits a matter takes, in the UI language.
import { formatMoney, type MoneyLocale } from '#domain/money.ts'
import { keyIn, type TypedTranslation as T } from '../../i18n/index.ts'

export function daysText(t: T, days: number | null): string {
  if (days === null) return t('counter.noStatutory')
  return days === 0 ? t('counter.onTheSpot') : t('counter.workingDays', { n: days })
}

/** Money is integer fen; shown as CNY in the UI language. */
export function feeText(t: T, fen: number, locale: string): string {
  return fen === 0 ? t('counter.free') : formatMoney(fen, locale as MoneyLocale)
}

export function visitsText(t: T, n: number): string {
  return n <= 1 ? t(keyIn('counter.visits', n)) : t('counter.visits.n', { n })
}
