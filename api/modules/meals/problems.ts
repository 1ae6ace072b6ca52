// How meals services refuse: a 404 naming what is missing, and a problem with one field error whose
// message is a registered key (the device translates the same key).
import { ProblemError } from '../../http/problem.ts'
import { translateMessage, type FieldError } from '#domain/messages.ts'
import '#domain/meals/messages.ts'

export const notFound = (what: { 'zh-CN': string; en: string }) => new ProblemError(404, what)

/** A 400 with one field error whose message is a registered key. */
export function fieldProblem(status: number, path: string, key: string, extra: FieldError[] = []): ProblemError {
  const zh = translateMessage(key, 'zh-CN') ?? key
  const en = translateMessage(key, 'en') ?? key
  return new ProblemError(status, { 'zh-CN': zh, en }, { errors: [{ path, message: zh, code: key }, ...extra] })
}
