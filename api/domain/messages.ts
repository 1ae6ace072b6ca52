// Validation messages live once, here, in both languages; schemas carry a key as their error,
// and the server (problem+json) and the device (field errors) translate it the same way.
import { z } from 'zod'

export type Lang = 'zh-CN' | 'en'

type Dict = Record<string, { 'zh-CN': string; en: string }>

const dict: Dict = {
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

/** Register module-specific messages (each module keeps its own next to its schemas). */
export function defineMessages(extra: Dict): void {
  Object.assign(dict, extra)
}

export function hasMessage(key: string): boolean {
  return key in dict
}

export function translateMessage(key: string, lang: Lang): string | undefined {
  return dict[key]?.[lang]
}

const zhLocale = z.locales.zhCN().localeError
const enLocale = z.locales.en().localeError

export interface FieldError {
  path: string
  message: string
  code: string
}

/** One message per issue, in the asked language, with a dotted path the UI can put beside a field. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldError[] {
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
