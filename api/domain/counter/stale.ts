// A guide nobody has checked for half a year may send a resident with the wrong papers: after
// 180 days without verification it is flagged, on the desk and on the public page.
import { isPlainDate } from '../time.ts'

export const STALE_AFTER_DAYS = 180

/** Whole days from one plain date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Days since the guide was last verified, as of `today` (a business date). */
export function daysSinceVerified(lastVerifiedOn: string, today: string): number {
  return isPlainDate(lastVerifiedOn) ? Math.max(0, daysBetween(lastVerifiedOn, today)) : Number.POSITIVE_INFINITY
}

/** Stale once more than 180 days have passed: verified on day 0, still fresh on day 180, stale on 181. */
export function isStale(lastVerifiedOn: string, today: string, afterDays = STALE_AFTER_DAYS): boolean {
  return daysSinceVerified(lastVerifiedOn, today) > afterDays
}
