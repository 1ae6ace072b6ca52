// Server-side sessions: the cookie holds `<subdistrict>.<secret>`, the database only the secret's
// SHA-256, so a leaked database does not yield live sessions. Idle and absolute timeouts apply.
import { createHash, randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../db/dialect.ts'
import type { DB } from '../db/schema.ts'
import type { SessionUser } from '../http/context.ts'
import type { Role } from '#domain/auth.ts'

export const SESSION_COOKIE = 'lm_session'

export interface SessionPolicy {
  idleMinutes: number
  absoluteHours: number
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** A new `<subdistrict>.<secret>` cookie value and the id stored for it (the secret's hash). Also for the pending sign-in. */
export function newCookieSecret(subdistrictId: string): { cookie: string; id: string } {
  const secret = randomBytes(32).toString('base64url')
  return { cookie: `${subdistrictId}.${secret}`, id: sha256(secret) }
}

/** A new session; `endsBy` (the end of a shift) ends it earlier than the absolute limit would. */
export async function createSession(db: Kysely<DB>, subdistrictId: string, userId: string, now: Date, policy: SessionPolicy, endsBy?: Date) {
  const { cookie, id } = newCookieSecret(subdistrictId)
  const at = now.toISOString()
  let absoluteMs = now.getTime() + policy.absoluteHours * 3_600_000
  if (endsBy && endsBy.getTime() > now.getTime()) absoluteMs = Math.min(absoluteMs, endsBy.getTime())
  const absolute = new Date(absoluteMs).toISOString()
  await db
    .insertInto('sessions')
    .values({ subdistrict_id: subdistrictId, id, user_id: userId, created_at: at, last_seen_at: at, absolute_expires_at: absolute })
    .execute()
  return { cookie, expiresAt: sessionExpiry(at, absolute, policy) }
}

function sessionExpiry(lastSeen: string, absolute: string, policy: SessionPolicy): string {
  const idle = new Date(Date.parse(lastSeen) + policy.idleMinutes * 60_000).toISOString()
  return idle < absolute ? idle : absolute
}

/** The subdistrict and stored id a cookie value names, or undefined when malformed. */
export function parseCookie(value: string | undefined): { subdistrictId: string; id: string } | undefined {
  if (!value) return undefined
  const dot = value.indexOf('.')
  if (dot <= 0 || value.length > 200) return undefined
  return { subdistrictId: value.slice(0, dot), id: sha256(value.slice(dot + 1)) }
}

/** The signed-in user for a cookie, or undefined when missing, unknown, idle too long or past its absolute limit. */
export async function loadSession(db: Kysely<DB>, cookie: string | undefined, now: Date, policy: SessionPolicy): Promise<SessionUser | undefined> {
  const ref = parseCookie(cookie)
  if (!ref) return undefined
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 's.subdistrict_id').onRef('u.id', '=', 's.user_id'))
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.absolute_expires_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.disabled',
      'u.must_change_password',
      'u.subdistrict_id',
      // The user's communities in the same statement (a JSON array: text from SQLite, parsed by pg).
      (eb) =>
        eb
          .selectFrom('user_communities as uc')
          .select(sql<unknown>`${sql.raw(dialectOf(db) === 'postgres' ? 'json_agg' : 'json_group_array')}(uc.community_id)`.as('ids'))
          .whereRef('uc.subdistrict_id', '=', 'u.subdistrict_id')
          .whereRef('uc.user_id', '=', 'u.id')
          .as('communities'),
    ])
    .where('s.subdistrict_id', '=', ref.subdistrictId)
    .where('s.id', '=', ref.id)
    .executeTakeFirst()
  if (!row || row.disabled) return undefined
  const at = now.toISOString()
  const expires = sessionExpiry(row.last_seen_at, row.absolute_expires_at, policy)
  if (at >= expires) {
    await db.deleteFrom('sessions').where('subdistrict_id', '=', ref.subdistrictId).where('id', '=', ref.id).execute()
    return undefined
  }
  // Sliding idle window; written at most once a minute to keep reads cheap.
  let lastSeen = row.last_seen_at
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    lastSeen = at
    await db.updateTable('sessions').set({ last_seen_at: at }).where('subdistrict_id', '=', ref.subdistrictId).where('id', '=', ref.id).execute()
  }
  const listed = typeof row.communities === 'string' ? (JSON.parse(row.communities) as unknown) : row.communities
  const communityIds = (Array.isArray(listed) ? listed.filter((c): c is string => typeof c === 'string') : []).sort()
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    role: row.role as Role,
    subdistrict_id: row.subdistrict_id,
    community_ids: communityIds,
    session_id: row.session_id,
    session_expires_at: sessionExpiry(lastSeen, row.absolute_expires_at, policy),
    ...(row.must_change_password ? { must_change_password: true } : {}),
  }
}

export async function deleteSession(db: Kysely<DB>, subdistrictId: string, sessionId: string) {
  await db.deleteFrom('sessions').where('subdistrict_id', '=', subdistrictId).where('id', '=', sessionId).execute()
}

export async function deleteUserSessions(db: Kysely<DB>, subdistrictId: string, userId: string) {
  await db.deleteFrom('sessions').where('subdistrict_id', '=', subdistrictId).where('user_id', '=', userId).execute()
}
