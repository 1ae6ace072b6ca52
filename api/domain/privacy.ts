// Residents' consent under the Personal Information Protection Law: what each consent covers, for which
// purposes (a fixed list, in both languages), which fields it allows, and the rule that refuses health
// data or an ID number recorded without its own consent. The registration form, the API, the privacy
// page and the one-resident export all read these constants, so they name the same purposes.
import { z } from 'zod'
import type { MessageDict } from './messages.ts'
import { text } from './text.ts'
import { Id } from './ids.ts'

type Words = { 'zh-CN': string; en: string }

/** Purposes personal data is used for. A consent names the purposes it was given for. */
export const PURPOSES = {
  meals_registration: {
    'zh-CN': '登记助餐居民，售票和取餐时核对是本人',
    en: 'Register the resident and check who they are when buying and collecting meals',
  },
  meals_contact: {
    'zh-CN': '停餐、改期或取餐有变动时电话联系本人',
    en: 'Call the resident when a meal day is closed, moved or a pickup changes',
  },
  meals_diet_warning: {
    'zh-CN': '售票时提醒过敏和饮食禁忌，厨房备餐时参考',
    en: 'Warn at the sale about allergies and diets, and tell the kitchen',
  },
  meals_subsidy_check: {
    'zh-CN': '核对老年助餐补贴资格（年龄、户籍）',
    en: 'Check eligibility for the seniors’ meal subsidy (age, residence)',
  },
  counter_return_link: {
    'zh-CN': '用手机号的加密摘要关联同一事项的再次来访，统计“一次办成”',
    en: 'Link return visits for the same matter by a keyed hash of the phone number, to measure one-visit service',
  },
} as const satisfies Record<string, Words>
export type Purpose = keyof typeof PURPOSES

export const CONSENT_KINDS = ['meals_service', 'meals_health', 'meals_id_number', 'counter_phone'] as const
export const ConsentKind = z.enum(CONSENT_KINDS)
export type ConsentKind = z.infer<typeof ConsentKind>

export interface ConsentKindInfo {
  module: 'meals' | 'counter'
  /** Sensitive personal information (PIPL art. 28): asked for separately. */
  sensitive: boolean
  /** Needed to take part at all; the others are optional. */
  required: boolean
  purposes: readonly Purpose[]
  /** The record's fields this consent allows. */
  fields: readonly string[]
  /** Which retention period (api/domain/retention.ts) applies to what it covers. */
  retention: 'meals_days' | 'counter_days'
  title: Words
  /** Why the programme asks, shown next to the field. */
  why: Words
}

export const CONSENT_INFO: Record<ConsentKind, ConsentKindInfo> = {
  meals_service: {
    module: 'meals',
    sensitive: false,
    required: true,
    purposes: ['meals_registration', 'meals_contact'],
    fields: ['name', 'phone', 'community_id', 'building', 'birth_date'],
    retention: 'meals_days',
    title: { 'zh-CN': '助餐服务（姓名、手机号、住址、出生日期）', en: 'Meal service (name, phone, address, birth date)' },
    why: {
      'zh-CN': '必需：没有姓名和手机号无法售票和核对取餐',
      en: 'Required: without name and phone no ticket can be sold or pickup checked',
    },
  },
  meals_health: {
    module: 'meals',
    sensitive: true,
    required: false,
    purposes: ['meals_diet_warning'],
    fields: ['dietary_restrictions', 'dietary_notes'],
    retention: 'meals_days',
    title: { 'zh-CN': '健康信息（过敏、饮食禁忌）', en: 'Health data (allergies, diets)' },
    why: {
      'zh-CN': '选填，属敏感个人信息，需单独同意：只用于售票时提醒和厨房备餐；不填不影响订餐，但不会有过敏提醒',
      en: 'Optional, sensitive, needs its own consent: only for warnings at the sale and the kitchen; without it meals are sold as usual, with no allergy warning',
    },
  },
  meals_id_number: {
    module: 'meals',
    sensitive: true,
    required: false,
    purposes: ['meals_subsidy_check'],
    fields: ['id_number'],
    retention: 'meals_days',
    title: { 'zh-CN': '身份证号', en: 'ID number' },
    why: {
      'zh-CN': '选填，属敏感个人信息，需单独同意：只用于核对助餐补贴资格；不申请补贴可不填',
      en: 'Optional, sensitive, needs its own consent: only to check subsidy eligibility; leave it empty without a subsidy',
    },
  },
  counter_phone: {
    module: 'counter',
    sensitive: false,
    required: false,
    purposes: ['counter_return_link'],
    fields: ['resident_phone'],
    retention: 'counter_days',
    title: { 'zh-CN': '窗口来访手机号', en: 'Phone number at the counter' },
    why: {
      'zh-CN': '选填：只保存加密摘要和掩码，用于关联再次来访；不填照常办理',
      en: 'Optional: only a keyed hash and a mask are kept, to link return visits; service is the same without it',
    },
  },
}

/** The consents the meals form gives, by their short names in the request. */
export const MEALS_CONSENT_FIELDS = { service: 'meals_service', health: 'meals_health', id_number: 'meals_id_number' } as const satisfies Record<
  string,
  ConsentKind
>
export type MealsConsentField = keyof typeof MEALS_CONSENT_FIELDS

/** Consents given at this registration or edit (explained by the signed-in staff user, now). */
export const MealsConsentInput = z
  .strictObject({ service: z.boolean().default(false), health: z.boolean().default(false), id_number: z.boolean().default(false) })
  .default({ service: false, health: false, id_number: false })
export type MealsConsentInput = z.infer<typeof MealsConsentInput>

export const CONSENT_MESSAGES: MessageDict = {
  consent_service_required: {
    'zh-CN': '请先向居民说明用途，并记录其同意助餐服务',
    en: 'Explain the purposes and record the resident’s consent to the meal service first',
  },
  consent_health_required: {
    'zh-CN': '记录过敏和饮食禁忌需居民单独同意：请勾选“健康信息同意”，或清空此项',
    en: 'Allergies and diets need the resident’s separate consent: tick “health data consent” or clear this field',
  },
  consent_id_required: {
    'zh-CN': '记录身份证号需居民单独同意：请勾选“身份证号同意”，或清空此项',
    en: 'The ID number needs the resident’s separate consent: tick “ID number consent” or clear this field',
  },
  consent_phone_required: {
    'zh-CN': '记录手机号需居民同意：请勾选“居民同意记录手机号”，或清空此项',
    en: 'The phone number needs the resident’s consent: tick “resident agrees” or clear this field',
  },
  consent_withdraw_tickets: {
    'zh-CN': '该居民还有未取的餐票：请先确认餐票的处理方式（凭匿名取餐码取餐）',
    en: 'The resident still holds tickets to collect: confirm how they are handled (an anonymous pickup code) first',
  },
  consent_withdraw_nothing: { 'zh-CN': '该居民没有可撤回的同意', en: 'There is no consent to withdraw' },
  consent_resident_unknown: { 'zh-CN': '没有该手机号的来访记录', en: 'No visit is recorded for this phone number' },
}

/** What a record holds that a consent must allow. */
export interface ConsentCheckedFields {
  dietary_restrictions: readonly string[]
  dietary_notes: string
  id_number: string | null
  consent: MealsConsentInput
}

/**
 * Field errors for a meals registration or edit: the service consent when `needsService` (a registration);
 * health data and the ID number each need their own consent, held already (`held`) or given now.
 */
export function mealsConsentIssues(input: ConsentCheckedFields, held: ReadonlySet<ConsentKind>, needsService: boolean): { path: string; key: string }[] {
  const has = (f: MealsConsentField) => input.consent[f] || held.has(MEALS_CONSENT_FIELDS[f])
  const out: { path: string; key: string }[] = []
  if (needsService && !has('service')) out.push({ path: 'consent.service', key: 'consent_service_required' })
  if (!has('health')) {
    if (input.dietary_restrictions.length) out.push({ path: 'dietary_restrictions', key: 'consent_health_required' })
    if (input.dietary_notes.trim()) out.push({ path: 'dietary_notes', key: 'consent_health_required' })
  }
  if (input.id_number && !has('id_number')) out.push({ path: 'id_number', key: 'consent_id_required' })
  return out
}

/** One consent as held: when, who explained it, and (once withdrawn) when it ended. */
export const ConsentRecord = z.object({
  id: Id,
  kind: ConsentKind,
  purposes: z.array(text()),
  granted_at: text(),
  explained_by_name: text(),
  withdrawn_at: text().nullable(),
  withdrawn_by_name: text().nullable(),
})
export type ConsentRecord = z.infer<typeof ConsentRecord>

/** What a meals resident's record says about consent: the one in force per kind, or null. */
export const MealsConsentState = z.object({
  service: ConsentRecord.nullable(),
  health: ConsentRecord.nullable(),
  id_number: ConsentRecord.nullable(),
})
export type MealsConsentState = z.infer<typeof MealsConsentState>

export const WITHDRAW_SCOPES = ['all', 'health', 'id_number'] as const
export const WithdrawScope = z.enum(WITHDRAW_SCOPES)
export type WithdrawScope = z.infer<typeof WithdrawScope>

export const WithdrawInput = z.strictObject({
  scope: WithdrawScope,
  /** The staff confirmed what happens to tickets not yet collected (needed only when there are some). */
  confirm_tickets: z.boolean().default(false),
})
export type WithdrawInput = z.infer<typeof WithdrawInput>

export const PendingTicket = z.object({ date: text(), sets: z.number(), boxes: z.number(), rice: z.number(), buns: z.number(), soups: z.number() })
export type PendingTicket = z.infer<typeof PendingTicket>

/** What a withdrawal would do, shown before it is confirmed. */
export const WithdrawalPreview = z.object({
  /** Ticket days from today on that are not yet collected: they stay valid under an anonymous pickup code. */
  pending: z.array(PendingTicket),
  /** Counter visits linked to the resident's phone, anonymised with a full withdrawal. */
  counter_visits: z.number(),
  consent: MealsConsentState,
})
export type WithdrawalPreview = z.infer<typeof WithdrawalPreview>

export const WithdrawResult = z.object({
  scope: WithdrawScope,
  /** Six digits the resident shows at pickup for the tickets left (full withdrawal with tickets pending). */
  pickup_code: text().nullable(),
  pending: z.array(PendingTicket),
  counter_visits: z.number(),
})
export type WithdrawResult = z.infer<typeof WithdrawResult>

/** A resident's data as a person reads it: labelled fields and tables in one language. */
export const ExportSection = z.object({
  title: text(),
  fields: z.array(z.object({ label: text(), value: text() })),
  columns: z.array(text()),
  rows: z.array(z.array(text())),
  /** Said when the section holds nothing. */
  empty: text().nullable(),
})
export type ExportSection = z.infer<typeof ExportSection>

export const ResidentExport = z.object({
  title: text(),
  generated_at: text(),
  generated_by_name: text(),
  sections: z.array(ExportSection),
})
export type ResidentExport = z.infer<typeof ResidentExport>

/** A phone number given at the counter, to export or withdraw a visitor's own data. */
export const CounterResidentInput = z.strictObject({
  phone: text()
    .trim()
    .regex(/^1\d{10}$/, { error: 'counter_phone_format' }),
})
export const CounterWithdrawInput = CounterResidentInput
export const CounterWithdrawResult = z.object({ counter_visits: z.number() })

/** The export as plain text (the download): one block per section, tables as tab-separated lines. */
export function exportText(doc: ResidentExport): string {
  const out = [doc.title, `${doc.generated_at} · ${doc.generated_by_name}`, '']
  for (const s of doc.sections) {
    out.push(`【${s.title}】`)
    for (const f of s.fields) out.push(`${f.label}：${f.value}`)
    if (s.columns.length && s.rows.length) {
      out.push(s.columns.join('\t'))
      for (const r of s.rows) out.push(r.join('\t'))
    }
    if (s.empty && !s.fields.length && !s.rows.length) out.push(s.empty)
    out.push('')
  }
  return out.join('\n')
}
