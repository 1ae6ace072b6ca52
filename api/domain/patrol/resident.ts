// Residents' obstruction reports (no sign-in): what a resident sends from the public map, the
// proof-of-work challenge that comes with it, the follow-up a resident reads under a short code, and
// the office's moderation queue and decisions. Device and server validate with these same schemas.
import { z } from 'zod'
import type { MessageDict } from '../messages.ts'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { ObservedAt, Position, ReportKind, WorkflowStatus } from './report.ts'
import { normalizePhone } from '../phone.ts'

/** Where a report came from: an inspector's device, an Open311 client, or a resident's report the office approved. */
export const REPORT_SOURCES = ['inspector', 'open311', 'resident'] as const
export const ReportSource = z.enum(REPORT_SOURCES)
export type ReportSource = z.infer<typeof ReportSource>

export const RESIDENT_STATUSES = ['pending', 'approved', 'merged', 'rejected'] as const
export const ResidentStatus = z.enum(RESIDENT_STATUSES)
export type ResidentStatus = z.infer<typeof ResidentStatus>

/** The photo as it travels (base64 of the re-encoded image); larger is refused before it is decoded. */
export const RESIDENT_PHOTO_MAX_BYTES = 2 * 1024 * 1024
/** Base64 of the largest photo, with a little slack for padding. */
const PHOTO_BASE64_MAX = Math.ceil(RESIDENT_PHOTO_MAX_BYTES / 3) * 4 + 8
export const RESIDENT_NOTE_MAX = 500
export const RESIDENT_OPERATORS_MAX = 10
export const RESIDENT_PHONE_NOTE_MAX = 200
/** Full numbers one staff member may open per hour: enough for a day's call-backs, not for harvesting the queue. */
export const RESIDENT_PHONE_REVEALS_PER_HOUR = 20
/** Follow-up codes: 10 characters without look-alikes (0/O, 1/I/L), shown as XXXXX-XXXXX. */
export const FOLLOW_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const FollowCode = text().regex(/^[2-9A-HJKMNP-Z]{5}-?[2-9A-HJKMNP-Z]{5}$/i, { error: 'resident_code_invalid' })

export const RESIDENT_MESSAGES: MessageDict = {
  resident_photo_required: { 'zh-CN': '请拍一张照片', en: 'Take a photo' },
  resident_photo_too_big: { 'zh-CN': '照片太大（最多 2 MB），请重新拍摄', en: 'The photo is too large (at most 2 MB); take it again' },
  resident_photo_type: { 'zh-CN': '只能上传 JPEG、PNG 或 WebP 图片', en: 'Only JPEG, PNG or WebP images can be sent' },
  resident_phone_invalid: {
    'zh-CN': '请填写正确的手机号或 010 开头的座机号，或留空',
    en: 'Enter a mainland mobile or a 010 landline number, or leave it empty',
  },
  resident_note_length: { 'zh-CN': `补充说明最多 ${RESIDENT_NOTE_MAX} 个字`, en: `Details: at most ${RESIDENT_NOTE_MAX} characters` },
  resident_operators_max: { 'zh-CN': '选择的运营方过多', en: 'Too many operators chosen' },
  resident_device_invalid: { 'zh-CN': '设备标识不正确，请刷新页面后重试', en: 'Invalid device token; reload the page and try again' },
  resident_pow_missing: { 'zh-CN': '缺少防刷验证，请重新提交', en: 'The anti-spam check is missing; send again' },
  resident_pow_invalid: { 'zh-CN': '防刷验证未通过，请重新提交', en: 'The anti-spam check failed; send again' },
  resident_pow_expired: { 'zh-CN': '防刷验证已过期，请重新提交', en: 'The anti-spam check has expired; send again' },
  resident_pow_reused: { 'zh-CN': '防刷验证已使用过，请重新提交', en: 'The anti-spam check was already used; send again' },
  resident_limit_device: {
    'zh-CN': '这台设备今天提交的举报已达上限（{limit} 条），请 {wait} 后再试',
    en: 'This device has sent the most reports allowed today ({limit}); try again in {wait}',
  },
  resident_limit_address: {
    'zh-CN': '您所在网络提交的举报已达上限（{limit} 条），请 {wait} 后再试',
    en: 'Your network has sent the most reports allowed ({limit}); try again in {wait}',
  },
  resident_outside: { 'zh-CN': '这个位置不在本街道范围内，请在地图上重新选择', en: 'This place is outside the subdistrict; pick it again on the map' },
  resident_subdistrict_unknown: { 'zh-CN': '没有这个街道', en: 'No such subdistrict' },
  resident_code_invalid: { 'zh-CN': '查询码格式不正确', en: 'Invalid follow-up code' },
  resident_code_unknown: { 'zh-CN': '没有找到这个查询码，请核对后重试', en: 'No report has this follow-up code; check it and try again' },
  resident_report_unknown: { 'zh-CN': '没有这条居民举报', en: 'No such resident report' },
  resident_decided: { 'zh-CN': '这条举报已经处理过了', en: 'This report has already been decided' },
  resident_reason_required: { 'zh-CN': '请填写不予受理的原因（居民会看到）', en: 'Give the reason for rejecting (the resident sees it)' },
  resident_reply_length: { 'zh-CN': '回复最多 500 个字', en: 'Reply: at most 500 characters' },
  resident_merge_target: { 'zh-CN': '请选择要合并到的问题或热点', en: 'Choose the report or hotspot to merge into' },
  resident_id_reused: { 'zh-CN': '这个编号已用于另一条举报', en: 'This id was already used for another report' },
  resident_phone_purpose: { 'zh-CN': '请选择查看号码的用途', en: 'Choose why you need the number' },
  resident_phone_note_required: { 'zh-CN': '用途选“其他”时请写明原因', en: 'Say why when the purpose is “other”' },
  resident_phone_note_length: { 'zh-CN': `原因最多 ${RESIDENT_PHONE_NOTE_MAX} 个字`, en: `Reason: at most ${RESIDENT_PHONE_NOTE_MAX} characters` },
  resident_phone_none: { 'zh-CN': '居民没有留电话', en: 'The resident left no phone number' },
  resident_phone_expired: {
    'zh-CN': '这条举报已超过保留期限，电话号码已删除，不能再查看',
    en: 'This report is past the retention period; the phone number has been erased',
  },
  resident_phone_reveal_limit: {
    'zh-CN': '查看号码过于频繁（每小时最多 {limit} 次），请 {wait} 后再试',
    en: 'Numbers opened too often (at most {limit} an hour); try again in {wait}',
  },
}

/** The client's photo: type and base64 bytes; the server checks the bytes themselves (magic bytes, metadata strip). */
export const ResidentPhoto = z.strictObject({
  content_type: text().max(100),
  data: text({ error: 'resident_photo_required' })
    .min(1, { error: 'resident_photo_required' })
    .max(PHOTO_BASE64_MAX, { error: 'resident_photo_too_big' })
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'resident_photo_type' }),
})

/** An altcha challenge's parameters as the server signs them (SHA-256, deterministic mode). */
const PowParameters = z.strictObject({
  algorithm: text().max(20),
  nonce: text().max(64),
  salt: text().max(64),
  cost: z.number().int().min(1).max(1000),
  keyLength: z.number().int().min(1).max(64),
  keyPrefix: text().max(128),
  keySignature: text().max(256).optional(),
  expiresAt: z.number().optional(),
  data: z.record(text().max(20), text().max(100)).optional(),
})
export const PowChallenge = z.strictObject({ parameters: PowParameters, signature: text().max(256) })

/** A solved altcha challenge: the challenge as the server signed it and the solver's answer. */
export const PowPayload = z.strictObject(
  {
    challenge: PowChallenge,
    solution: z.strictObject({ counter: z.number().int().min(0), derivedKey: text().max(256), time: z.number().optional() }),
  },
  { error: (iss) => (iss.input === undefined ? 'resident_pow_missing' : 'resident_pow_invalid') },
)
export type PowPayload = z.infer<typeof PowPayload>

/** Optional phone for the office to call back: normalised, or refused with a message. */
export const ResidentPhone = text()
  .trim()
  .max(30, { error: 'resident_phone_invalid' })
  .refine((v) => v === '' || normalizePhone(v) !== undefined, { error: 'resident_phone_invalid' })

/** What the resident fills in (what the device keeps in its queue until it can send). */
export const ResidentReportFields = z.strictObject({
  position: Position,
  kind: ReportKind,
  operator_ids: z
    .array(Slug)
    .max(RESIDENT_OPERATORS_MAX, { error: 'resident_operators_max' })
    .refine((a) => new Set(a).size === a.length, { error: 'resident_operators_max' })
    .default([]),
  note: text().trim().max(RESIDENT_NOTE_MAX, { error: 'resident_note_length' }).default(''),
  phone: ResidentPhone.default(''),
  observed_at: ObservedAt,
})
export type ResidentReportFields = z.infer<typeof ResidentReportFields>

/** The public POST: the fields, the photo, who sends (an anonymous device token) and the solved challenge. */
export const ResidentReportInput = ResidentReportFields.extend({
  id: Id,
  subdistrict: Slug,
  /** A random token the device keeps (per browser); only its keyed hash is stored, for the per-device limit. */
  device: text().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'resident_device_invalid' }),
  photo: ResidentPhoto,
  pow: PowPayload,
})
export type ResidentReportInput = z.infer<typeof ResidentReportInput>

export const ResidentChallenge = z.object({ challenge: PowChallenge, expires_at: z.string() })
export type ResidentChallenge = z.infer<typeof ResidentChallenge>

/** What the resident gets back: the code and the page to follow it on. */
export const ResidentReceipt = z.object({ id: Id, code: z.string(), follow_path: z.string(), received_at: z.string() })
export type ResidentReceipt = z.infer<typeof ResidentReceipt>

/** The follow-up page: status and the office's reply; never the phone or anything about other residents. */
export const FOLLOW_CLEARING = ['open', 'cleared', 'confirmed'] as const

export const ResidentFollowUp = z.object({
  code: z.string(),
  kind: ReportKind,
  status: ResidentStatus,
  received_at: z.string(),
  decided_at: z.string().nullable(),
  reply: z.string(),
  /** Once approved or merged: where the office's work on it stands. */
  report_status: WorkflowStatus.nullable(),
  /**
   * When the report counted an operator's vehicles: `open` while a party still has to clear, `cleared`
   * once every party cleared (an inspector's re-check pending), `confirmed` once re-checks confirmed all.
   */
  clearing: z.enum(FOLLOW_CLEARING).nullable(),
  subdistrict_name: z.string(),
})
export type ResidentFollowUp = z.infer<typeof ResidentFollowUp>

/** One report in the office's moderation queue; the phone is masked here too. */
export const ResidentQueueItem = z.object({
  id: Id,
  code: z.string(),
  status: ResidentStatus,
  kind: ReportKind,
  lat: z.number(),
  lng: z.number(),
  accuracy_m: z.number(),
  position_source: z.string(),
  community_id: Slug,
  operator_ids: z.array(z.string()),
  note: z.string(),
  phone_masked: z.string().nullable(),
  photo: z.string().nullable(),
  observed_at: z.string(),
  received_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by_name: z.string().nullable(),
  reply: z.string(),
  report_id: Id.nullable(),
  merged_report_id: Id.nullable(),
  merged_hotspot_id: Id.nullable(),
  /** Open reports within 150 m of the same kind: candidates to merge into. */
  nearby: z.array(
    z.object({ id: Id, kind: z.string(), address: z.string(), distance_m: z.number(), hotspot_id: Id.nullable(), workflow_status: WorkflowStatus }),
  ),
})
export type ResidentQueueItem = z.infer<typeof ResidentQueueItem>

const Reply = text().trim().max(500, { error: 'resident_reply_length' })

export const ResidentDecision = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), reply: Reply.default('') }),
  z
    .strictObject({ action: z.literal('merge'), report_id: Id.optional(), hotspot_id: Id.optional(), reply: Reply.default('') })
    .refine((v) => !!v.report_id !== !!v.hotspot_id, { error: 'resident_merge_target', path: ['report_id'] }),
  z.strictObject({ action: z.literal('reject'), reply: Reply.min(1, { error: 'resident_reason_required' }) }),
])
export type ResidentDecision = z.infer<typeof ResidentDecision>

/** Why a moderator opens a resident's full number; recorded in the audit log with who and when. */
export const PHONE_PURPOSES = ['callback', 'verify', 'other'] as const
export const PhonePurpose = z.enum(PHONE_PURPOSES, { error: 'resident_phone_purpose' })
export type PhonePurpose = z.infer<typeof PhonePurpose>

/** The reveal's request: one report, a purpose, and a reason in words (required for `other`). */
export const ResidentPhoneReveal = z
  .strictObject({
    purpose: PhonePurpose,
    note: text().trim().max(RESIDENT_PHONE_NOTE_MAX, { error: 'resident_phone_note_length' }).default(''),
  })
  .refine((v) => v.purpose !== 'other' || v.note !== '', { error: 'resident_phone_note_required', path: ['note'] })
export type ResidentPhoneReveal = z.infer<typeof ResidentPhoneReveal>

/** The full number (normal form: 13812345678 or 01065432100), answered only by the audited reveal. */
export const ResidentPhoneRevealed = z.object({ id: Id, phone: z.string(), revealed_at: z.string() })
export type ResidentPhoneRevealed = z.infer<typeof ResidentPhoneRevealed>

/** Figures for the monthly brief: reports received in the period and what became of them. */
export const ResidentMonthFigures = z.object({
  received: z.number().int(),
  approved: z.number().int(),
  merged: z.number().int(),
  rejected: z.number().int(),
  pending: z.number().int(),
  median_hours_to_decision: z.number().nullable(),
})
export type ResidentMonthFigures = z.infer<typeof ResidentMonthFigures>

/** XXXXX-XXXXX, upper case: how a code is shown and looked up. */
export function normalizeFollowCode(code: string): string {
  const s = code.replace(/-/g, '').toUpperCase()
  return `${s.slice(0, 5)}-${s.slice(5)}`
}

/** What the report form needs before the resident starts (kept on the device for offline use). */
export const ResidentSetup = z.object({
  subdistrict: z.object({ id: Slug, name: z.string(), center: z.object({ lat: z.number(), lng: z.number() }) }),
  operators: z.array(z.object({ id: z.string(), name: z.string() })),
  limits: z.object({ per_device: z.number().int(), window_hours: z.number().int() }),
})
export type ResidentSetup = z.infer<typeof ResidentSetup>
