// One way to refuse input in issue 5's services and sync handlers: a problem naming each field with
// its message key as `code`, so any device can re-translate it, and nothing written (callers throw first).
import { ProblemError } from '../../http/problem.ts'
import { translateMessage, type Lang } from '#domain/messages.ts'

export interface FieldKey {
  path: string
  key: string
}

export function reject(status: number, fields: FieldKey[], lang: Lang = 'zh-CN'): never {
  const first = fields[0]?.key ?? 'required'
  const errors = fields.map((f) => ({ path: f.path, message: translateMessage(f.key, lang) ?? f.key, code: f.key }))
  throw new ProblemError(status, { 'zh-CN': translateMessage(first, 'zh-CN') ?? first, en: translateMessage(first, 'en') ?? first }, { errors })
}

/** JSON text columns → values, tolerating a damaged row rather than failing a whole list. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
