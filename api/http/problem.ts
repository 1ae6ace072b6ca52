// RFC 9457 problem details for every error the API returns: a stable type, a human title and detail
// in the caller's language, and per-field errors for validation. Never a stack trace.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import Negotiator from 'negotiator'
import type { z } from 'zod'
import type { Deps } from './context.ts'
import { formatIssues, translate, type FieldError, type Lang, type MessageCatalogue, type MessageParams } from '#domain/messages.ts'
import type { ProblemBody } from '#domain/problem.ts'

export type Problem = ProblemBody

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

/** The app's catalogue (core and its modules' messages); outside an app, the shared domain's. */
function catalogueOf(c: Context): MessageCatalogue | undefined {
  return (c.get('deps') as Deps | undefined)?.messages
}

/** What the negotiator may pick; `zh` stands for any Chinese (zh-TW, zh-Hans, ...), answered in zh-CN. */
const OFFERED = ['zh-CN', 'en', 'zh']

/**
 * The caller's language from Accept-Language, q-values and all (`en;q=0.5, zh;q=0.9` is Chinese);
 * zh-CN when the header is missing or names neither language.
 */
export function negotiateLang(acceptLanguage: string | undefined): Lang {
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language(OFFERED)
  return best === 'en' ? 'en' : 'zh-CN'
}

export function langOf(c: Context): Lang {
  return negotiateLang(c.req.header('accept-language'))
}

/** The challenge a 401 carries (RFC 9110 requires one): sign in through the form, which sets the session cookie. */
export const WWW_AUTHENTICATE = 'Cookie realm="Lastmile", form-action="/api/auth/login", cookie-name="lm_session"'

/** A refused field: where it is and the message key (with its parameters) that says why. */
export interface FieldKey {
  path: string
  key: string
  params?: MessageParams
}

export interface ProblemOptions {
  /** Parameters of the detail message. */
  params?: MessageParams
  /** Refused fields; each is sent with its message in the caller's language and its key as `code`. */
  errors?: FieldKey[]
  /** A problem type URI more specific than the status's. */
  type?: string
  /** Extension members sent beside the standard ones (e.g. the sales window that refused a sale). */
  members?: Record<string, unknown>
  headers?: Record<string, string>
}

/**
 * An error a service can throw; the app turns it into problem+json. It carries message KEYS, never
 * text: the detail and field messages are translated when the caller's language is known.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly options: ProblemOptions = {},
  ) {
    super(key)
  }

  detail(lang: Lang, catalogue?: MessageCatalogue): string {
    return translate(this.key, lang, this.options.params, catalogue)
  }

  fieldErrors(lang: Lang, catalogue?: MessageCatalogue): FieldError[] | undefined {
    return this.options.errors?.map((f) => ({ path: f.path, message: translate(f.key, lang, f.params, catalogue), code: f.key }))
  }
}

/** 400 (or `status`) naming one refused field; the detail is that field's message. */
export function fieldProblem(key: string, path: string, opts: { status?: number; params?: MessageParams; more?: FieldKey[] } = {}): ProblemError {
  return new ProblemError(opts.status ?? 400, key, { params: opts.params, errors: [{ path, key, params: opts.params }, ...(opts.more ?? [])] })
}

/**
 * 400 (or `status`) naming several refused fields, like a failed schema validation: the detail
 * counts them unless a detail key is given.
 */
export function fieldsProblem(fields: FieldKey[], opts: { status?: number; detail?: string; params?: MessageParams } = {}): ProblemError {
  const detail = opts.detail ?? 'fields_need_attention'
  const params = opts.detail ? opts.params : { count: fields.length }
  return new ProblemError(opts.status ?? 400, detail, { params, errors: fields })
}

/** 404: nothing of that kind here (or nothing the caller may see). */
export const notFound = (key = 'not_found', opts: ProblemOptions = {}): ProblemError => new ProblemError(404, key, opts)
/** 403: the role or record is not the caller's to touch. */
export const forbidden = (key = 'forbidden', opts: ProblemOptions = {}): ProblemError => new ProblemError(403, key, opts)
/** 409: the request clashes with what is stored. */
export const conflict = (key: string, opts: ProblemOptions = {}): ProblemError => new ProblemError(409, key, opts)
/** Any other refusal by a rule (401, 413, 415, 422, 429, ...). */
export const refused = (status: number, key: string, opts: ProblemOptions = {}): ProblemError => new ProblemError(status, key, opts)

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
    'content-language': langOf(c),
    vary: 'Accept-Language',
    ...(status === 401 ? { 'www-authenticate': WWW_AUTHENTICATE } : {}),
    ...headers,
  })
}

/** A problem whose detail is a message key, translated for the caller. */
export function problemOf(c: Context, status: number, key: string, params?: MessageParams, headers: Record<string, string> = {}) {
  return problem(c, status, translate(key, langOf(c), params, catalogueOf(c)), {}, headers)
}

export function validationProblem(c: Context, issues: readonly z.core.$ZodIssue[], where?: string) {
  const lang = langOf(c)
  const catalogue = catalogueOf(c)
  const errors = formatIssues(issues, lang, catalogue).map((e) => (where && where !== 'json' ? { ...e, path: e.path ? `${where}.${e.path}` : where } : e))
  return problem(c, 400, translate('fields_need_attention', lang, { count: errors.length }, catalogue), { errors })
}

export function problemFromError(c: Context, err: ProblemError) {
  const lang = langOf(c)
  const { type, members, headers } = err.options
  const catalogue = catalogueOf(c)
  const errors = err.fieldErrors(lang, catalogue)
  return problem(c, err.status, err.detail(lang, catalogue), { ...members, ...(type ? { type } : {}), ...(errors ? { errors } : {}) }, headers)
}
