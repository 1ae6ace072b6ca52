// How counter services refuse: field errors in the same shape as a failed schema validation, with the
// message key as `code`, and a plain 404.
import { ProblemError } from '../../http/problem.ts'
import { translateMessage } from '#domain/messages.ts'
import '#domain/counter/messages.ts'

/** A 400 with one or more field errors, in the same shape as a failed schema validation. */
export function fieldProblem(fields: { path: string; key: string }[], lang: 'zh-CN' | 'en' = 'zh-CN'): ProblemError {
  const errors = fields.map((f) => ({ path: f.path, message: translateMessage(f.key, lang) ?? f.key, code: f.key }))
  return new ProblemError(400, { 'zh-CN': `有 ${errors.length} 处输入需要修改`, en: `${errors.length} field(s) need attention` }, { errors })
}

export const NOT_FOUND = { 'zh-CN': '未找到', en: 'Not found' }
