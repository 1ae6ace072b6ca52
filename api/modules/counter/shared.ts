// Small helpers the counter services share: JSON columns, the business "today", and the
// ProblemError for a field that names something that does not exist.
import { ProblemError } from '../../http/problem.ts'
import { translateMessage } from '#domain/messages.ts'
import { businessDate } from '#domain/time.ts'
import '#domain/counter/messages.ts'

export const parseJson = <T>(text: string): T => JSON.parse(text) as T

export const today = (now: Date) => businessDate(now)

/** A 400 with one or more field errors, in the same shape as a failed schema validation. */
export function fieldProblem(fields: { path: string; key: string }[], lang: 'zh-CN' | 'en' = 'zh-CN'): ProblemError {
  const errors = fields.map((f) => ({ path: f.path, message: translateMessage(f.key, lang) ?? f.key, code: f.key }))
  return new ProblemError(400, { 'zh-CN': `有 ${errors.length} 处输入需要修改`, en: `${errors.length} field(s) need attention` }, { errors })
}

export const NOT_FOUND = { 'zh-CN': '未找到', en: 'Not found' }

import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { SessionUser } from '../../http/context.ts'

/** What every counter service call needs: the database, the clock, who asks and in which language. */
export interface Ctx {
  db: Kysely<DB>
  now: Date
  user: SessionUser
  lang: 'zh-CN' | 'en'
}

import type { Context } from 'hono'
import type { AppEnv } from '../../http/context.ts'
import { langOf } from '../../http/problem.ts'
import { currentUser } from '../../auth/middleware.ts'
import type { Role } from '#domain/auth.ts'

export function ctxOf(c: Context<AppEnv>): Ctx {
  return { db: c.var.deps.db, now: c.var.deps.now(), user: currentUser(c), lang: langOf(c) }
}

/** counter and admin manage; the coordinator reads (DESIGN §1). */
export const MANAGE: Role[] = ['counter', 'admin']
export const READ: Role[] = ['counter', 'admin', 'coordinator']
