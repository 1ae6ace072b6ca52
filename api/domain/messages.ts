// Validation messages in both languages; schemas carry a key as their error, and the server
// (problem+json) and the device (field errors) translate it the same way. Each module keeps its
// dictionary beside its schemas; a catalogue is built from a list of them, here and in createApp.
import { z } from 'zod'
import { MEDIA_BATCH_MAX_FILES } from './media.ts'
import { RETENTION_MESSAGES } from './retention.ts'
import { POLYGON_MESSAGES } from './geo-polygon.ts'
import { AGREEMENT_MESSAGES, COMPLIANCE_MESSAGES, PARTY_MESSAGES, PATROL_MESSAGES, WORKFLOW_MESSAGES, ZONE_MESSAGES } from './patrol/messages.ts'
import { MEALS_MESSAGES } from './meals/messages.ts'
import { COUNTER_MESSAGES } from './counter/messages.ts'
import { COORDINATE_MESSAGES } from './coordinates.ts'
import { BOUNDS_MESSAGES } from './bounds.ts'
import { REFERENCE_LAYER_MESSAGES } from './reference-layers.ts'

export type Lang = 'zh-CN' | 'en'

export type MessageDict = Record<string, { 'zh-CN': string; en: string }>

/** Messages of the core: ids, sign-in, positions, communities, unknown fields. */
export const CORE_MESSAGES: MessageDict = {
  invalid_id: { 'zh-CN': '编号格式不正确', en: 'Invalid id' },
  invalid_slug: { 'zh-CN': '只能使用小写字母、数字和连字符', en: 'Use lowercase letters, digits and hyphens' },
  required: { 'zh-CN': '必填', en: 'Required' },
  username_format: { 'zh-CN': '用户名为 3–32 位字母、数字、点、下划线或连字符', en: 'Username: 3–32 letters, digits, dot, underscore or hyphen' },
  password_length: { 'zh-CN': '密码长度为 8–128 个字符', en: 'Password must be 8–128 characters' },
  password_common: { 'zh-CN': '密码过于常见，请换一个', en: 'This password is too common' },
  totp_format: {
    'zh-CN': '请输入验证器上的 6 位数字，或一个恢复码（如 abcde-fgh23）',
    en: 'Enter the 6 digits from your authenticator, or a recovery code (like abcde-fgh23)',
  },
  role_invalid: { 'zh-CN': '角色不正确', en: 'Unknown role' },
  lat_range: { 'zh-CN': '纬度须在 -90 到 90 之间', en: 'Latitude must be between -90 and 90' },
  lng_range: { 'zh-CN': '经度须在 -180 到 180 之间', en: 'Longitude must be between -180 and 180' },
  unknown_field: { 'zh-CN': '不认识的字段', en: 'Unknown field' },
  community_unknown: { 'zh-CN': '社区不存在', en: 'Unknown community' },
  text_control: {
    'zh-CN': '含有不可见的控制字符（如空字符），请删除后重试',
    en: 'Contains invisible control characters (such as NUL); remove them and try again',
  },
}

/** Messages of the sync contract (sync.ts). */
export const SYNC_MESSAGES: MessageDict = {
  sync_entity: { 'zh-CN': '数据类型名称不正确', en: 'Invalid entity name' },
  sync_device: { 'zh-CN': '设备编号不正确', en: 'Invalid device id' },
  sync_batch_size: { 'zh-CN': '每批须包含 1–200 条变更', en: 'A batch holds 1–200 mutations' },
  sync_time: { 'zh-CN': '时间格式不正确', en: 'Invalid time' },
  media_batch_size: { 'zh-CN': `每次须上传 1–${MEDIA_BATCH_MAX_FILES} 张图片`, en: `An upload holds 1–${MEDIA_BATCH_MAX_FILES} images` },
}

export interface MessageCatalogue {
  translate(key: string, lang: Lang): string | undefined
  has(key: string): boolean
}

/** One catalogue from dictionaries; a key defined twice is a wiring mistake and throws. */
export function messageCatalogue(...dicts: readonly MessageDict[]): MessageCatalogue {
  const all: MessageDict = {}
  for (const d of dicts) {
    for (const [key, text] of Object.entries(d)) {
      if (key in all) throw new Error(`message key '${key}' is defined twice`)
      all[key] = text
    }
  }
  return { translate: (key, lang) => all[key]?.[lang], has: (key) => key in all }
}

/** Patrol, meals and counter: the dictionaries of the shared domain, for the device. */
export const PATROL_DICTIONARY: MessageDict = {
  ...PATROL_MESSAGES,
  ...AGREEMENT_MESSAGES,
  ...COMPLIANCE_MESSAGES,
  ...PARTY_MESSAGES,
  ...WORKFLOW_MESSAGES,
  ...ZONE_MESSAGES,
}
export { MEALS_MESSAGES, COUNTER_MESSAGES, REFERENCE_LAYER_MESSAGES }
/** The core's dictionaries: also what the server always has, whatever modules it runs. */
export const CORE_DICTIONARIES: readonly MessageDict[] = [
  CORE_MESSAGES,
  SYNC_MESSAGES,
  RETENTION_MESSAGES,
  POLYGON_MESSAGES,
  COORDINATE_MESSAGES,
  BOUNDS_MESSAGES,
]

/** Every message of the shared domain: what the device translates with. */
export const DOMAIN_MESSAGES = messageCatalogue(...CORE_DICTIONARIES, PATROL_DICTIONARY, MEALS_MESSAGES, COUNTER_MESSAGES, REFERENCE_LAYER_MESSAGES)

export function hasMessage(key: string): boolean {
  return DOMAIN_MESSAGES.has(key)
}

export function translateMessage(key: string, lang: Lang): string | undefined {
  return DOMAIN_MESSAGES.translate(key, lang)
}

const zhLocale = z.locales.zhCN().localeError
const enLocale = z.locales.en().localeError

export interface FieldError {
  path: string
  message: string
  code: string
}

/** One message per issue, in the asked language, with a dotted path the UI can put beside a field. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], lang: Lang, catalogue: MessageCatalogue = DOMAIN_MESSAGES): FieldError[] {
  const translateMessage = catalogue.translate
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: [...issue.path, k].map(String).join('.'),
        message: translateMessage('unknown_field', lang) ?? 'Unknown field',
        code: 'unrecognized_keys',
      }))
    }
    const known = translateMessage(issue.message, lang)
    let message = known
    if (!message) {
      const localized = (lang === 'zh-CN' ? zhLocale : enLocale)(issue as never)
      message = typeof localized === 'string' ? localized : (localized?.message ?? issue.message)
    }
    if (!known && issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      message = translateMessage('required', lang) ?? message
    }
    return [{ path: issue.path.map(String).join('.'), message, code: issue.code }]
  })
}

export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'zh-CN'
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}
