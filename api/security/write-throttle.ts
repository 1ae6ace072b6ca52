// Throttling of writes (ASVS V2.4 anti-automation): every non-GET /api/* request of a signed-in user
// counts once per user and once per IP in the shared rate_limits table, in ONE upsert per request
// (so a sync push of 200 mutations costs the same as one), and answers 429 with Retry-After past the limit.
// On SQLite a sync push writes that upsert as the first statement of its own first transaction (one
// commit per push instead of two); past the limit that transaction holds the count alone and the push
// answers 429 without applying anything. A push whose user or address already stands at the limit
// (one read) is counted and refused first, as before, without its body being read.
import type { MiddlewareHandler } from 'hono'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { AppEnv, DeferredWriteCount, Deps } from '../http/context.ts'
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
export async function countWrites(deps: Deps, keys: { scope: string; key: string }[], seconds: number, db: Kysely<DB> = deps.db) {
  const now = deps.now()
  const start = windowStart(now, seconds)
  const rows = await db
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

/**
 * Whether a key already stands at its limit in the current window (a read, no write): such a request is
 * counted and refused before its body is read, as every write past the limit is.
 */
async function atLimit(deps: Deps, keys: { scope: string; key: string }[], env: Deps['env']): Promise<boolean> {
  const start = windowStart(deps.now(), env.WRITE_LIMIT_WINDOW_SECONDS)
  const rows = await deps.db
    .selectFrom('rate_limits')
    .select(['key', 'window_start', 'count'])
    .where('subdistrict_id', '=', keys[0]!.scope)
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute()
  const limit = (key: string) => (key.startsWith('write:user:') ? env.WRITE_LIMIT_PER_USER : env.WRITE_LIMIT_PER_IP)
  return rows.some((r) => r.window_start === start && Number(r.count) >= limit(r.key))
}

/** Writes whose handler takes the count into its own transaction (c.var.writeCount), on SQLite. */
const COUNTED_BY_HANDLER = new Set(['/api/sync/push'])

export const writeThrottle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user
  if (!user || SAFE.has(c.req.method) || EXEMPT.test(c.req.path)) return next()
  const { env } = c.var.deps
  const userKey = { scope: user.subdistrict_id, key: `write:user:${user.id}` }
  const ipKey = { scope: user.subdistrict_id, key: `write:ip:${clientIp(c)}` }
  const keys = [userKey, ipKey]
  const over = (count: (k: { scope: string; key: string }) => number) => count(userKey) > env.WRITE_LIMIT_PER_USER || count(ipKey) > env.WRITE_LIMIT_PER_IP
  const refusal = (retryAfterSeconds: number) => {
    c.var.deps.logger.log('warn', 'writes_throttled', { user_id: user.id })
    return refused(429, 'writes_throttled', { headers: { 'retry-after': String(retryAfterSeconds) } })
  }
  if (c.var.deps.dialect === 'sqlite' && c.req.method === 'POST' && COUNTED_BY_HANDLER.has(c.req.path) && !(await atLimit(c.var.deps, keys, env))) {
    let retryAfterSeconds = 1
    const deferred: DeferredWriteCount = {
      done: false,
      async count(tx) {
        const counted = await countWrites(c.var.deps, keys, env.WRITE_LIMIT_WINDOW_SECONDS, tx)
        retryAfterSeconds = counted.retryAfterSeconds
        return over(counted.count)
      },
      refusal: () => refusal(retryAfterSeconds),
    }
    c.set('writeCount', deferred)
    await next()
    if (deferred.done) return
    // The handler wrote nothing (a refused body, a pure replay): the count goes on its own, as for any
    // write, and past the limit the answer is the 429.
    const counted = await countWrites(c.var.deps, keys, env.WRITE_LIMIT_WINDOW_SECONDS)
    if (over(counted.count)) throw refusal(counted.retryAfterSeconds)
    return
  }
  const counted = await countWrites(c.var.deps, keys, env.WRITE_LIMIT_WINDOW_SECONDS)
  if (over(counted.count)) throw refusal(counted.retryAfterSeconds)
  await next()
}
