// Validation messages in both languages; schemas carry a key as their error, and the server
// (problem+json) and the device (field errors) translate it the same way. Each module keeps its
// dictionary beside its schemas; a catalogue is built from a list of them, here and in createApp.
import { z } from 'zod'
import { MEDIA_BATCH_MAX_FILES } from './media.ts'
import { RETENTION_MESSAGES } from './retention.ts'
import { CONSENT_MESSAGES } from './privacy.ts'
import { POLYGON_MESSAGES } from './geo-polygon.ts'
import { AGREEMENT_MESSAGES, COMPLIANCE_MESSAGES, PARTY_MESSAGES, PATROL_MESSAGES, WORKFLOW_MESSAGES, ZONE_MESSAGES } from './patrol/messages.ts'
import { RESIDENT_MESSAGES } from './patrol/resident.ts'
import { OPERATOR_MESSAGES } from './patrol/operator-tasks.ts'
import { MEALS_MESSAGES } from './meals/messages.ts'
import { COUNTER_MESSAGES } from './counter/messages.ts'
import { COORDINATE_MESSAGES } from './coordinates.ts'
import { BOUNDS_MESSAGES } from './bounds.ts'
import { REFERENCE_LAYER_MESSAGES } from './reference-layers.ts'
import { HOTLINE_MESSAGES } from './hotline/messages.ts'

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
  // Refusals of the HTTP core, sign-in, sync and media (services throw these keys; problem+json says them).
  fields_need_attention: { 'zh-CN': '有 {count} 处输入需要修改', en: '{count} field(s) need attention' },
  not_found: { 'zh-CN': '未找到', en: 'Not found' },
  forbidden: { 'zh-CN': '当前角色无权进行此操作', en: 'Your role may not do this' },
  not_signed_in: { 'zh-CN': '登录已失效，请重新登录', en: 'Your session has ended; please sign in again' },
  cross_site_refused: { 'zh-CN': '请求来源不被允许', en: 'Cross-site request refused' },
  sign_in_wrong: { 'zh-CN': '用户名或密码不正确', en: 'Wrong username or password' },
  sign_in_throttled: { 'zh-CN': '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' },
  sign_in_throttled_for: { 'zh-CN': '登录失败次数过多，请 {wait}后再试', en: 'Too many failed sign-ins; try again in {wait}' },
  sign_in_demo_password_off: {
    'zh-CN': '这是公开的演示密码，正式运行时不能用来登录；请联系管理员为您设置新账号',
    en: 'This is the published demo password; it cannot be used to sign in outside demo mode. Ask the admin for a new account',
  },
  sign_in_challenge_gone: {
    'zh-CN': '登录已超时或尝试次数过多，请重新输入密码',
    en: 'This sign-in has expired or had too many attempts; enter your password again',
  },
  totp_wrong: { 'zh-CN': '验证码不正确', en: 'Wrong code' },
  totp_used: { 'zh-CN': '这个验证码刚刚用过，请等下一个验证码出现', en: 'This code was just used; wait for the next one' },
  totp_already_enrolled: { 'zh-CN': '此账号已绑定验证器', en: 'This account already has an authenticator' },
  totp_enrol_first: { 'zh-CN': '请先扫描二维码绑定验证器', en: 'Set up your authenticator first (scan the QR code)' },
  username_taken: { 'zh-CN': '用户名已被使用', en: 'Username already taken' },
  user_unknown: { 'zh-CN': '用户不存在', en: 'No such user' },
  user_update_empty: { 'zh-CN': '没有要修改的内容', en: 'Nothing to change' },
  user_self_lockout: {
    'zh-CN': '不能停用自己的账号、修改自己的角色或重置自己的密码；请另一位管理员操作',
    en: 'You cannot disable your own account, change your own role or reset your own password; ask another admin',
  },
  password_change_required: { 'zh-CN': '请先修改临时密码', en: 'Change your temporary password first' },
  password_current_wrong: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  pin_format: { 'zh-CN': 'PIN 须为 4 到 8 位数字', en: 'The PIN must be 4 to 8 digits' },
  pin_weak: { 'zh-CN': 'PIN 太容易猜到（如 1234、0000），请换一个', en: 'This PIN is too easy to guess (like 1234 or 0000); choose another' },
  pin_role_not_allowed: { 'zh-CN': '只有窗口社工可以在本机设置 PIN', en: 'Only counter staff can set a PIN on a device' },
  pin_wrong: { 'zh-CN': 'PIN 不正确', en: 'Wrong PIN' },
  pin_gone: {
    'zh-CN': '此设备上没有这位用户的 PIN，请用用户名和密码登录',
    en: 'This user has no PIN on this device; sign in with username and password',
  },
  pin_throttled_for: {
    'zh-CN': 'PIN 错误次数过多，请 {wait}后再试，或用密码登录',
    en: 'Too many wrong PINs; try again in {wait}, or sign in with your password',
  },
  subdistrict_required: { 'zh-CN': '请指明街道', en: 'Name the subdistrict' },
  community_unknown_named: { 'zh-CN': '社区不存在: {id}', en: 'Unknown community: {id}' },
  malformed_json: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  json_only: { 'zh-CN': '请以 application/json 发送请求内容', en: 'Send the request body as application/json' },
  body_too_large: { 'zh-CN': '请求内容超过 {max} 的上限', en: 'The request body is larger than {max}' },
  method_not_allowed: { 'zh-CN': '此地址不支持 {method}，可用：{allow}', en: 'This address does not take {method}; it takes {allow}' },
  request_id_reused: {
    'zh-CN': '这个编号已用于另一项提交；请重新打开表单再提交',
    en: 'This id was already used for a different submission; open the form again and resubmit',
  },
  request_id_expired: {
    'zh-CN': '这项提交在一天前已经完成；请刷新页面查看结果',
    en: 'This submission was already carried out over a day ago; reload the page to see it',
  },
  writes_throttled: { 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many changes in a short time; try again shortly' },
  record_not_found: { 'zh-CN': '记录不存在或已被删除', en: 'The record does not exist or was deleted' },
  community_not_allowed: { 'zh-CN': '不能操作其他社区的数据', en: 'This record belongs to a community you do not serve' },
  sync_unknown_entity: { 'zh-CN': '未知的数据类型', en: 'Unknown entity' },
  sync_not_allowed: { 'zh-CN': '当前角色无权修改此类数据', en: 'Your role may not change this kind of record' },
  sync_invalid: { 'zh-CN': '数据未通过校验', en: 'The data did not pass validation' },
  sync_conflict: { 'zh-CN': '该记录已被他人修改', en: 'Someone else changed this record first' },
  sync_id_reused: { 'zh-CN': '变更编号已被使用', en: 'This mutation id was already used' },
  sync_not_stored: {
    'zh-CN': '服务器无法保存这条记录，已跳过；请检查内容后重新录入',
    en: 'The server could not store this record and skipped it; check it and enter it again',
  },
  media_too_big: { 'zh-CN': '图片不能超过 8 MB', en: 'Images may be at most 8 MB' },
  media_not_image: { 'zh-CN': '只接受 JPEG、PNG 或 WebP 图片', en: 'Only JPEG, PNG or WebP images are accepted' },
  media_damaged: { 'zh-CN': '图片文件已损坏', en: 'The image file is damaged' },
  media_hash_mismatch: { 'zh-CN': '图片内容与其校验值不符', en: 'The image does not match its SHA-256' },
  media_missing: { 'zh-CN': '图片不存在', en: 'No such image' },
  media_too_many_pixels: { 'zh-CN': '图片像素过多（最多 5000 万像素）', en: 'The image has too many pixels (at most 50 megapixels)' },
  media_batch_too_big: { 'zh-CN': '一次上传的图片合计不能超过 8 MB', en: 'The images of one upload may be at most 8 MB in all' },
  media_batch_too_many: { 'zh-CN': '一次最多上传 {max} 张图片', en: 'At most {max} images per upload' },
  media_not_a_file: { 'zh-CN': '每个字段都应是一张图片文件', en: 'Every field must be an image file' },
  health_database_unreachable: { 'zh-CN': '无法连接数据库', en: 'The database cannot be reached' },
  health_storage_not_writable: { 'zh-CN': '数据目录或数据库无法写入', en: 'The data folder or the database cannot be written' },
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
  ...RESIDENT_MESSAGES,
  ...OPERATOR_MESSAGES,
}
export { MEALS_MESSAGES, COUNTER_MESSAGES, REFERENCE_LAYER_MESSAGES, HOTLINE_MESSAGES }
/** The core's dictionaries: also what the server always has, whatever modules it runs. */
export const CORE_DICTIONARIES: readonly MessageDict[] = [
  CORE_MESSAGES,
  SYNC_MESSAGES,
  RETENTION_MESSAGES,
  CONSENT_MESSAGES,
  POLYGON_MESSAGES,
  COORDINATE_MESSAGES,
  BOUNDS_MESSAGES,
]

/** Every message of the shared domain: what the device translates with. */
export const DOMAIN_MESSAGES = messageCatalogue(
  ...CORE_DICTIONARIES,
  PATROL_DICTIONARY,
  MEALS_MESSAGES,
  COUNTER_MESSAGES,
  REFERENCE_LAYER_MESSAGES,
  HOTLINE_MESSAGES,
)

export function hasMessage(key: string): boolean {
  return DOMAIN_MESSAGES.has(key)
}

export function translateMessage(key: string, lang: Lang): string | undefined {
  return DOMAIN_MESSAGES.translate(key, lang)
}

/**
 * Values put into a message's `{name}` placeholders. A value that itself depends on the language
 * (a rule the domain describes in both, like the meals sales window) comes as a pair.
 */
export type MessageParams = Record<string, string | number | Readonly<Record<Lang, string>>>

/**
 * A message in the asked language with its placeholders filled, from the given catalogue (the app's;
 * by default the shared domain's); an unknown key is returned as it is.
 */
export function translate(key: string, lang: Lang, params?: MessageParams, catalogue: MessageCatalogue = DOMAIN_MESSAGES): string {
  const text = catalogue.translate(key, lang) ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = params[name]
    if (value === undefined) return all
    return typeof value === 'object' ? value[lang] : String(value)
  })
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
