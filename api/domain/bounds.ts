// Plausibility bounds for what a device reports about the world: when (against the server clock) and
// where (against the subdistrict's area). Pure checks shared by the server's handlers and the device.
import { haversineM } from './geo.ts'
import { SUBDISTRICT_RADIUS_M } from './geo-polygon.ts'
import type { MessageDict } from './messages.ts'

type LatLng = { lat: number; lng: number }

/** Messages of the plausibility bounds. */
export const BOUNDS_MESSAGES: MessageDict = {
  time_future: { 'zh-CN': '时间晚于当前时间，请检查手机时钟', en: 'The time is in the future; check the phone’s clock' },
  time_too_old: { 'zh-CN': '时间早于 30 天前，无法记录', en: 'The time is more than 30 days ago and cannot be recorded' },
  position_outside: { 'zh-CN': '位置不在本街道范围内', en: 'The position is outside this subdistrict' },
}

/** A phone's clock may run a little ahead of the server's. */
export const FUTURE_SLACK_MS = 10 * 60_000
/** Offline devices may push days later, but not a month. */
export const PAST_LIMIT_MS = 30 * 86_400_000
/** Beyond the subdistrict's circle: GPS scatter at the edge and the street on the far side. */
export const AREA_MARGIN_M = 1000

/** The message key when `iso` lies outside [now − 30 days, now + 10 min]; undefined when plausible. */
export function timeIssue(iso: string, now: Date): 'time_future' | 'time_too_old' | undefined {
  const t = Date.parse(iso)
  if (!Number.isFinite(t) || t > now.getTime() + FUTURE_SLACK_MS) return 'time_future'
  if (t < now.getTime() - PAST_LIMIT_MS) return 'time_too_old'
  return undefined
}

/** Whether a position lies inside the subdistrict's area (its circle plus the margin). */
export function insideSubdistrict(p: LatLng, center: LatLng, radiusM = SUBDISTRICT_RADIUS_M + AREA_MARGIN_M): boolean {
  return haversineM(p, center) <= radiusM
}
