// How the operator pages write minutes, shares and clearing terms.
import type { ClearingTerms } from '#domain/patrol/operator-tasks.ts'
import type { useI18n } from '../../i18n/index.ts'

type T = ReturnType<typeof useI18n>['t']

export const share = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 100)}%`)

export function minutes(t: T, m: number | null | undefined): string {
  return m === null || m === undefined ? '—' : t('operator.minutes', { m: Math.round(m) })
}

export function hours(t: T, m: number): string {
  return m % 60 === 0 ? t('operator.hours', { h: m / 60 }) : t('operator.minutes', { m })
}

export function clearingTerm(t: T, c: ClearingTerms): string {
  return t('operator.agreement.clearingTerm', { hours: hours(t, c.within_minutes), from: c.window_start, to: c.window_end })
}
