// RFC 9457 problem details for every error the API returns: a stable type, a human title and detail
// in the caller's language, and per-field errors for validation. Never a stack trace.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import type { Deps } from './context.ts'
import { formatIssues, pickLang, type FieldError, type Lang } from '#domain/messages.ts'

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: FieldError[]
  [extra: string]: unknown
}

const TITLES: Record<number, { 'zh-CN': string; en: string; slug: string }> = {
  400: { 'zh-CN': '请求有误', en: 'Bad request', slug: 'validation' },
  401: { 'zh-CN': '请先登录', en: 'Not signed in', slug: 'unauthorized' },
  403: { 'zh-CN': '没有权限', en: 'Forbidden', slug: 'forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found', slug: 'not-found' },
  405: { 'zh-CN': '不支持的方法', en: 'Method not allowed', slug: 'method-not-allowed' },
  409: { 'zh-CN': '数据冲突', en: 'Conflict', slug: 'conflict' },
  413: { 'zh-CN': '内容过大', en: 'Payload too large', slug: 'payload-too-large' },
  415: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type', slug: 'unsupported-media-type' },
  422: { 'zh-CN': '无法处理', en: 'Unprocessable', slug: 'unprocessable' },
  429: { 'zh-CN': '操作过于频繁', en: 'Too many requests', slug: 'too-many-requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal error', slug: 'internal' },
  503: { 'zh-CN': '服务暂不可用', en: 'Service unavailable', slug: 'unavailable' },
}

export function langOf(c: Context): Lang {
  return pickLang(c.req.header('accept-language'))
}

/** An error a service can throw; the app turns it into problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detailKey: { 'zh-CN': string; en: string } | string,
    readonly extra: Partial<Problem> & { headers?: Record<string, string> } = {},
  ) {
    super(typeof detailKey === 'string' ? detailKey : detailKey.en)
  }
}

export function problemBody(c: Context, status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  const lang = langOf(c)
  const t = TITLES[status] ?? TITLES[500]!
  return {
    type: extra.type ?? `https://lastmile.local/problems/${t.slug}`,
    title: t[lang],
    status,
    ...(detail ? { detail } : {}),
    instance: c.req.path,
    ...extra,
  }
}

export function problem(c: Context, status: number, detail?: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}) {
  const body = problemBody(c, status, detail, extra)
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
    ...headers,
  })
}

export function validationProblem(c: Context, issues: readonly z.core.$ZodIssue[], where?: string) {
  const lang = langOf(c)
  // The app's catalogue (core and its modules' messages); outside an app, the shared domain's.
  const catalogue = (c.get('deps') as Deps | undefined)?.messages
  const errors = formatIssues(issues, lang, catalogue).map((e) => (where && where !== 'json' ? { ...e, path: e.path ? `${where}.${e.path}` : where } : e))
  const detail = lang === 'zh-CN' ? `有 ${errors.length} 处输入需要修改` : `${errors.length} field(s) need attention`
  return problem(c, 400, detail, { errors })
}

export function problemFromError(c: Context, err: ProblemError) {
  const lang = langOf(c)
  const detail = typeof err.detailKey === 'string' ? err.detailKey : err.detailKey[lang]
  const { headers, ...extra } = err.extra
  return problem(c, err.status, detail, extra, headers)
}
