// Operators in the loop: a bike-share or delivery company's field manager gets a task when a report
// counts their vehicles, clears it from a phone with a photo, and an inspector's next sighting confirms
// or reopens it. A commitment may carry a clearing time; the clock runs only inside its daily window.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { BUSINESS_TZ_OFFSET_MIN } from '../time.ts'
import { Sha256 } from './report.ts'
import type { MessageDict } from '../messages.ts'

const HHMM = text({ error: 'clearing_window' }).regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'clearing_window' })

/** "Cleared within 2 h, counted 07:00–21:00 Beijing time": the clock pauses outside the window. */
export const ClearingTerms = z
  .strictObject({
    within_minutes: z
      .int({ error: 'clearing_within' })
      .min(10, { error: 'clearing_within' })
      .max(7 * 24 * 60, { error: 'clearing_within' }),
    window_start: HHMM.default('00:00'),
    window_end: HHMM.default('24:00'),
  })
  .refine((c) => minuteOf(c.window_start) < minuteOf(c.window_end), { error: 'clearing_window', path: ['window_end'] })
export type ClearingTerms = z.infer<typeof ClearingTerms>

function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

const DAY_MS = 86_400_000

/**
 * Minutes between two instants that fall inside the daily window (Asia/Shanghai wall time); the whole
 * span when there is no window. Never negative.
 */
export function windowMinutes(fromIso: string, toIso: string, window: { window_start: string; window_end: string } | null): number {
  const from = Date.parse(fromIso)
  const to = Date.parse(toIso)
  if (!(to > from)) return 0
  if (!window) return (to - from) / 60_000
  const offset = BUSINESS_TZ_OFFSET_MIN * 60_000
  const start = minuteOf(window.window_start) * 60_000
  const end = minuteOf(window.window_end) * 60_000
  let total = 0
  // Local midnights from the day of `from` to the day of `to`.
  for (let day = Math.floor((from + offset) / DAY_MS) * DAY_MS - offset; day < to; day += DAY_MS) {
    const a = Math.max(from, day + start)
    const b = Math.min(to, day + end)
    if (b > a) total += b - a
  }
  return total / 60_000
}

/** The instant a task is due: `within_minutes` of window time after it opened. */
export function dueAt(openedIso: string, terms: ClearingTerms): string {
  const offset = BUSINESS_TZ_OFFSET_MIN * 60_000
  const start = minuteOf(terms.window_start) * 60_000
  const end = minuteOf(terms.window_end) * 60_000
  let left = terms.within_minutes * 60_000
  const opened = Date.parse(openedIso)
  for (let day = Math.floor((opened + offset) / DAY_MS) * DAY_MS - offset; ; day += DAY_MS) {
    const a = Math.max(opened, day + start)
    const b = day + end
    if (b > a) {
      if (b - a >= left) return new Date(a + left).toISOString()
      left -= b - a
    }
  }
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export const TASK_STATUSES = ['open', 'cleared', 'confirmed'] as const
export const TaskStatus = z.enum(TASK_STATUSES)
export type TaskStatus = z.infer<typeof TaskStatus>

/** A task as its operator sees it: their vehicles only, no reporter, no resident's words. */
export const OperatorTask = z.object({
  id: Id,
  party_id: Id,
  operator_id: z.string(),
  report_id: Id,
  hotspot_id: Id.nullable(),
  community_id: z.string(),
  /** The operator's vehicles counted by the sighting that opened (or reopened) the task. */
  vehicles: z.int(),
  kind: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  /** Photos of the report (what the inspector saw). */
  report_photos: z.array(Sha256),
  status: TaskStatus,
  opened_at: z.string(),
  due_at: z.string().nullable(),
  cleared_at: z.string().nullable(),
  clear_photos: z.array(Sha256),
  clear_note: z.string(),
  confirmed_at: z.string().nullable(),
  reopened: z.int(),
  /** Window minutes from opening to the last clearing; null until cleared. */
  minutes_to_clear: z.number().nullable(),
  on_time: z.boolean().nullable(),
  agreement_id: Id.nullable(),
  version: z.int(),
})
export type OperatorTask = z.infer<typeof OperatorTask>

/** Data of an `operator_clearing` put mutation: the operator cleared the vehicles, with a photo. */
export const ClearingInput = z.strictObject({
  task_id: Id,
  cleared_at: z.iso.datetime({ offset: true, error: 'clearing_time' }),
  photos: z
    .array(Sha256)
    .min(1, { error: 'clearing_photo_required' })
    .max(4, { error: 'clearing_photos_max' })
    .refine((p) => new Set(p).size === p.length, { error: 'patrol_photos_duplicate' }),
  note: text().trim().max(300, { error: 'clearing_note' }).default(''),
})
export type ClearingInput = z.infer<typeof ClearingInput>

/** A report as an operator sees it: their own count only, no reporter, note or other operators. */
export const OperatorReport = z.object({
  id: Id,
  hotspot_id: Id.nullable(),
  community_id: z.string(),
  kind: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  counts: z.record(z.string(), z.int()),
  photos: z.array(Sha256),
  observed_at: z.string(),
  status: z.string(),
})
export type OperatorReport = z.infer<typeof OperatorReport>

/** Time to clear of one party over a period: what the agreement page and the monthly brief show. */
export const PartyClearing = z.object({
  party_id: Id,
  party_name: z.string(),
  tasks: z.int(),
  cleared: z.int(),
  confirmed: z.int(),
  reopened: z.int(),
  median_minutes: z.number().nullable(),
  /** Share of tasks with a clearing time that were cleared by their due time (open past due counts as late). */
  on_time_share: z.number().nullable(),
})
export type PartyClearing = z.infer<typeof PartyClearing>

/** An agreement's clearing figures: over all its tasks, and per party. */
export const AgreementClearing = PartyClearing.omit({ party_id: true, party_name: true }).extend({ parties: z.array(PartyClearing) })
export type AgreementClearing = z.infer<typeof AgreementClearing>

/** The operator's own agreements: their commitments, their checks' rate and their clearing times. */
export const OperatorCommitments = z.object({
  party: z.object({ id: Id, name: z.string(), operator_id: z.string().nullable() }),
  agreements: z.array(
    z.object({
      id: Id,
      title: z.string(),
      status: z.string(),
      commitments: z.array(z.object({ text: z.string(), clearing: ClearingTerms.nullable() })),
      check_rate: z.number().nullable(),
    }),
  ),
  clearing: PartyClearing,
})
export type OperatorCommitments = z.infer<typeof OperatorCommitments>

/** A party's webhook: HTTPS only; the address is checked against private ranges by the server. */
export const WebhookInput = z.strictObject({
  url: text({ error: 'webhook_url' })
    .trim()
    .max(500, { error: 'webhook_url' })
    .refine((u) => URL.canParse(u), { error: 'webhook_url' })
    .refine((u) => !URL.canParse(u) || new URL(u).protocol === 'https:', { error: 'webhook_https_only' }),
})
export type WebhookInput = z.infer<typeof WebhookInput>

export const Webhook = z.object({
  party_id: Id,
  url: z.string(),
  /** Shown once, when the webhook is set: the key of the HMAC-SHA256 signature. */
  secret: z.string().optional(),
  signature_header: z.string(),
  timestamp_header: z.string(),
  updated_at: z.string(),
})
export type Webhook = z.infer<typeof Webhook>

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
/** Seconds to wait after the n-th failed delivery attempt (1-based); after the last, the delivery is given up. */
export const WEBHOOK_BACKOFF_S = [60, 300, 1800, 7200, 21600] as const
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_BACKOFF_S.length + 1

export const WebhookDelivery = z.object({
  id: Id,
  party_id: Id,
  party_name: z.string(),
  url: z.string(),
  event: z.string(),
  task_id: Id.nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int(),
  next_at: z.string().nullable(),
  last_status: z.int().nullable(),
  last_error: z.string(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
})
export type WebhookDelivery = z.infer<typeof WebhookDelivery>

/** The delivery log's filters; `before` is the id of the last row already shown (ids sort by creation time). */
export const DeliveryQuery = z.object({
  party_id: Id.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type DeliveryQuery = z.infer<typeof DeliveryQuery>

/** A user with role operator and the party they work for (null when not linked yet). */
export const OperatorAccount = z.object({
  user_id: Id,
  username: z.string(),
  display_name: z.string(),
  disabled: z.boolean(),
  party_id: Id.nullable(),
  party_name: z.string().nullable(),
})
export type OperatorAccount = z.infer<typeof OperatorAccount>

export const OPERATOR_MESSAGES: MessageDict = {
  clearing_window: { 'zh-CN': '计时时段格式应为 07:00–21:00，且开始早于结束', en: 'The window must be HH:MM–HH:MM, start before end' },
  clearing_within: { 'zh-CN': '清理时限须在 10 分钟到 7 天之间', en: 'The clearing time must be between 10 minutes and 7 days' },
  clearing_time: { 'zh-CN': '清理时间格式不正确', en: 'Invalid clearing time' },
  clearing_photo_required: { 'zh-CN': '请拍一张清理后的照片', en: 'Take a photo of the cleared spot' },
  clearing_photos_max: { 'zh-CN': '最多 4 张照片', en: 'At most 4 photos' },
  clearing_note: { 'zh-CN': '备注最多 300 个字', en: 'Note: at most 300 characters' },
  task_unknown: { 'zh-CN': '没有这项任务', en: 'No such task' },
  task_not_open: { 'zh-CN': '这项任务已清理，等待巡查员复核', en: 'This task is already cleared and waits for an inspector' },
  operator_no_party: { 'zh-CN': '此账号尚未关联运营方', en: 'This account is not linked to an operator' },
  operator_party_not_operator: { 'zh-CN': '该单位不是运营方（没有运营方编号）', en: 'This organisation is not an operator (no operator id)' },
  webhook_url: { 'zh-CN': '请填写完整的网址（最多 500 个字符）', en: 'Enter a full URL (at most 500 characters)' },
  webhook_https_only: { 'zh-CN': '只接受 https:// 开头的网址', en: 'Only https:// URLs are accepted' },
  webhook_blocked_private: { 'zh-CN': '{address} 是内网地址，不允许推送', en: '{address} is a private network address; webhooks cannot go there' },
  webhook_blocked_loopback: { 'zh-CN': '{address} 是本机回环地址，不允许推送', en: '{address} is a loopback address; webhooks cannot go there' },
  webhook_blocked_link_local: { 'zh-CN': '{address} 是链路本地地址，不允许推送', en: '{address} is a link-local address; webhooks cannot go there' },
  webhook_blocked_unique_local: {
    'zh-CN': '{address} 是 IPv6 唯一本地地址，不允许推送',
    en: '{address} is an IPv6 unique-local address; webhooks cannot go there',
  },
  webhook_blocked_cgnat: { 'zh-CN': '{address} 是运营商级 NAT 地址，不允许推送', en: '{address} is a carrier-grade NAT address; webhooks cannot go there' },
  webhook_blocked_multicast: { 'zh-CN': '{address} 是组播地址，不允许推送', en: '{address} is a multicast address; webhooks cannot go there' },
  webhook_blocked_metadata: { 'zh-CN': '{address} 是云主机元数据地址，不允许推送', en: '{address} is a cloud metadata address; webhooks cannot go there' },
  webhook_blocked_reserved: {
    'zh-CN': '{address} 是保留或未指定地址，不允许推送',
    en: '{address} is a reserved or unspecified address; webhooks cannot go there',
  },
  webhook_unresolved: { 'zh-CN': '无法解析域名 {host}', en: 'The host name {host} does not resolve' },
  webhook_none: { 'zh-CN': '该单位没有设置推送地址', en: 'This organisation has no webhook' },
}
