// A REST create under a client-made id answers a resend with the first answer instead of making a
// second record or failing: the same form sent twice (a double tap, a retry after a lost answer, two
// API processes at once) makes one record. The subdistrict's counter lock is taken first, so creates
// queue there (as sales, visits and pushes do) and a check-then-insert inside cannot race.
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { AppEnv } from './context.ts'
import { currentUser } from '../auth/middleware.ts'
import { lockCounter } from '../sync/change-log.ts'
import { conflict } from './problem.ts'
import { problemResponse } from './router.ts'

/** How long the first answer is kept for a resend; afterwards a resend is told it was done. */
export const ANSWER_KEPT_MS = 24 * 60 * 60 * 1000

/** JSON with object keys sorted at every level, so equal bodies give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The body's fingerprint: its id and the named secret fields (a password) are left out. */
export function fingerprintOf(body: Record<string, unknown>, secret: readonly string[] = []): string {
  const kept = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'id' && !secret.includes(k)))
  return createHash('sha256').update(canonical(kept)).digest('hex')
}

/** A unique or primary key refused the insert (PostgreSQL 23505, SQLite's constraint codes). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

export interface CreateOnceOptions {
  /** Body fields never stored, not even hashed (a new user's password); a resend is judged without them. */
  secret?: readonly string[]
}

/**
 * Runs `create` in a transaction that holds the counter lock. With `body.id`, the first answer is
 * recorded under that id: the same user sending the same body again gets it back (no second record);
 * another body, another create or another user under the id is 409 `request_id_reused`; a resend
 * more than a day later is 409 `request_id_expired`. Without an id, the create just runs.
 */
export async function createOnce<T>(
  c: Context<AppEnv>,
  body: Record<string, unknown> & { id?: string },
  create: (tx: Transaction<DB>) => Promise<T>,
  options: CreateOnceOptions = {},
): Promise<T> {
  const { db, now } = c.var.deps
  const user = currentUser(c)
  const sd = user.subdistrict_id
  const operation = `${c.req.method} ${c.req.path}`
  const at = now()
  return db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const id = body.id
    if (id === undefined) return create(tx)
    const fingerprint = fingerprintOf(body, options.secret)
    const cutoff = new Date(at.getTime() - ANSWER_KEPT_MS).toISOString()
    const prior = await tx.selectFrom('create_requests').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
    if (prior) {
      if (prior.operation !== operation || prior.user_id !== user.id || prior.fingerprint !== fingerprint) throw conflict('request_id_reused')
      if (prior.response === null || prior.created_at < cutoff) throw conflict('request_id_expired')
      return JSON.parse(prior.response) as T
    }
    await tx
      .updateTable('create_requests')
      .set({ response: null })
      .where('subdistrict_id', '=', sd)
      .where('created_at', '<', cutoff)
      .where('response', 'is not', null)
      .execute()
    // The id may name a record made another way (a device's sync, a seed): refused, never a 500.
    const result = await create(tx).catch((err: unknown) => {
      throw isUniqueViolation(err) ? conflict('request_id_reused') : err
    })
    await tx
      .insertInto('create_requests')
      .values({ subdistrict_id: sd, id, operation, user_id: user.id, fingerprint, response: JSON.stringify(result), created_at: at.toISOString() })
      .execute()
    return result
  })
}

/** The 409 a create under a client-made id may answer, for its route's responses. */
export const idReused = { 409: problemResponse('The id was already used for another submission') }
