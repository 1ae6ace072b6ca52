// What every counter service call receives: the database, the clock, who asks and in which language;
// and the business "today" the roster and the visit log count from.
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { AppEnv, SessionUser } from '../../http/context.ts'
import { langOf } from '../../http/problem.ts'
import { currentUser } from '../../auth/middleware.ts'
import { businessDate } from '#domain/time.ts'

export const today = (now: Date) => businessDate(now)

/** What every counter service call needs: the database, the clock, who asks and in which language. */
export interface Ctx {
  db: Kysely<DB>
  now: Date
  user: SessionUser
  lang: 'zh-CN' | 'en'
}

export function ctxOf(c: Context<AppEnv>): Ctx {
  return { db: c.var.deps.db, now: c.var.deps.now(), user: currentUser(c), lang: langOf(c) }
}
