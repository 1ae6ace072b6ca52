// Fixed-window counters kept in the database (not in memory) so every API replica sees the same
// limits. Used for sign-in failures per username and per IP, and later for writes.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'

export interface Limit {
  max: number
  windowSeconds: number
}

export interface ThrottleResult {
  allowed: boolean
  retryAfterSeconds: number
}

function windowStart(now: Date, seconds: number): string {
  const ms = seconds * 1000
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString()
}

async function countOf(db: Kysely<DB>, scope: string, key: string, limit: Limit, now: Date) {
  const start = windowStart(now, limit.windowSeconds)
  const row = await db.selectFrom('rate_limits').select(['window_start', 'count']).where('subdistrict_id', '=', scope).where('key', '=', key).executeTakeFirst()
  const count = row && row.window_start === start ? row.count : 0
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(start) + limit.windowSeconds * 1000 - now.getTime()) / 1000))
  return { count, retryAfterSeconds }
}

/** How things stand for a key without counting a new event. */
export async function peek(db: Kysely<DB>, scope: string, key: string, limit: Limit, now: Date): Promise<ThrottleResult> {
  const { count, retryAfterSeconds } = await countOf(db, scope, key, limit, now)
  return { allowed: count < limit.max, retryAfterSeconds }
}

/** Count one event for a key; the counter resets when a new window starts. */
export async function hit(db: Kysely<DB>, scope: string, key: string, limit: Limit, now: Date): Promise<void> {
  const start = windowStart(now, limit.windowSeconds)
  await db
    .insertInto('rate_limits')
    .values({ subdistrict_id: scope, key, window_start: start, count: 1 })
    .onConflict((oc) =>
      oc.columns(['subdistrict_id', 'key']).doUpdateSet({
        count: sql`case when rate_limits.window_start = ${start} then rate_limits.count + 1 else 1 end`,
        window_start: start,
      }),
    )
    .execute()
}

/**
 * Count an attempt before it is made, so parallel requests cannot all slip under the limit between a
 * check and a count: allowed while the count including this attempt is within the limit. Clear the key
 * when the attempt turns out fine.
 */
export async function reserve(db: Kysely<DB>, scope: string, key: string, limit: Limit, now: Date): Promise<ThrottleResult> {
  await hit(db, scope, key, limit, now)
  const { count, retryAfterSeconds } = await countOf(db, scope, key, limit, now)
  return { allowed: count <= limit.max, retryAfterSeconds }
}

/** Take back one reserved attempt that turned out fine, keeping earlier failures counted. */
export async function release(db: Kysely<DB>, scope: string, key: string) {
  await db
    .updateTable('rate_limits')
    .set({ count: sql`case when count > 0 then count - 1 else 0 end` })
    .where('subdistrict_id', '=', scope)
    .where('key', '=', key)
    .execute()
}

export async function clear(db: Kysely<DB>, scope: string, key: string) {
  await db.deleteFrom('rate_limits').where('subdistrict_id', '=', scope).where('key', '=', key).execute()
}
