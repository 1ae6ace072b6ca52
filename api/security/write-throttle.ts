// Throttling of writes (ASVS V2.4 anti-automation): every non-GET /api/* request of a signed-in user
// counts once per user and once per IP in the shared rate_limits table, in ONE upsert per request
// (so a sync push of 200 mutations costs the same as one), and answers 429 with Retry-After past the limit.
import type { MiddlewareHandler } from 'hono'
import { sql } from 'kysely'
import type { AppEnv, Deps } from '../http/context.ts'
import { clientIp } from '../http/client-ip.ts'
import { refused } from '../http/problem.ts'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Signing in and out must always work; sign-in has its own, stricter throttle. */
const EXEMPT = /^\/api\/auth\/(login|logout)/

function windowStart(now: Date, seconds: number): string {
  const ms = seconds * 1000
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString()
}

/**
 * Counts one write for each key in the current window, in one upsert, and says how the counts stand and
 * how long until the window turns. Also used by the Open311 guard (per api_key and per address).
 */
export async function countWrites(deps: Deps, keys: { scope: string; key: string }[], seconds: number) {
  const now = deps.now()
  const start = windowStart(now, seconds)
  const rows = await deps.db
    .insertInto('rate_limits')
    .values(keys.map((k) => ({ subdistrict_id: k.scope, key: k.key, window_start: start, count: 1 })))
    .onConflict((oc) =>
      oc.columns(['subdistrict_id', 'key']).doUpdateSet({
        count: sql`case when rate_limits.window_start = ${start} then rate_limits.count + 1 else 1 end`,
        window_start: start,
      }),
    )
    .returning(['subdistrict_id', 'key', 'count'])
    .execute()
  const count = (k: { scope: string; key: string }) => Number(rows.find((r) => r.key === k.key && r.subdistrict_id === k.scope)?.count ?? 0)
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(start) + seconds * 1000 - now.getTime()) / 1000))
  return { count, retryAfterSeconds }
}

export const writeThrottle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user
  if (!user || SAFE.has(c.req.method) || EXEMPT.test(c.req.path)) return next()
  const { env } = c.var.deps
  const userKey = { scope: user.subdistrict_id, key: `write:user:${user.id}` }
  const ipKey = { scope: user.subdistrict_id, key: `write:ip:${clientIp(c)}` }
  const { count, retryAfterSeconds } = await countWrites(c.var.deps, [userKey, ipKey], env.WRITE_LIMIT_WINDOW_SECONDS)
  if (count(userKey) > env.WRITE_LIMIT_PER_USER || count(ipKey) > env.WRITE_LIMIT_PER_IP) {
    c.var.deps.logger.log('warn', 'writes_throttled', { user_id: user.id })
    throw refused(429, 'writes_throttled', { headers: { 'retry-after': String(retryAfterSeconds) } })
  }
  await next()
}
