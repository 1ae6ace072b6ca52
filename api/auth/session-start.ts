// The last step of every sign-in, below both the password step (service.ts) and the second factor
// (second-factor.ts): a new session and the identity the device caches, and the sign-in limits both count.
import type { Deps, SessionUser } from '../http/context.ts'
import type { Me, Role } from '#domain/auth.ts'
import { createSession } from './sessions.ts'
import { refused, type ProblemError } from '../http/problem.ts'
import type { Limit } from './throttle.ts'

/** Guesses from one address at one username: the lock a guesser meets. */
export const LOGIN_LIMIT_PER_PAIR: Limit = { max: 5, windowSeconds: 15 * 60 }
/**
 * All attempts at one username from anywhere: far above what one address may try, so that strangers
 * cannot lock a user out from a few addresses, yet a guesser spreading over many addresses is stopped.
 */
export const LOGIN_LIMIT_PER_USERNAME: Limit = { max: 100, windowSeconds: 15 * 60 }

/** 429 with Retry-After and a message that says how long to wait, in minutes and seconds. */
export function loginThrottled(retryAfterSeconds: number, key = 'sign_in_throttled_for'): ProblemError {
  const m = Math.floor(retryAfterSeconds / 60)
  const s = retryAfterSeconds % 60
  const zh = m ? `${m} 分${s ? ` ${s} 秒` : '钟'}` : `${s} 秒`
  const en = m ? `${m} min${s ? ` ${s} s` : ''}` : `${s} s`
  return refused(429, key, {
    params: { wait: { 'zh-CN': zh, en } },
    headers: { 'retry-after': String(retryAfterSeconds) },
    members: { retry_after_seconds: retryAfterSeconds },
  })
}

/** The counters a sign-in attempt touches: the username from this address, and the username from anywhere. */
export function loginKeys(username: string, ip: string) {
  const name = username.toLowerCase()
  return { pair: `login:pair:${name}:${ip}`, user: `login:user:${name}` }
}

export interface SignInUser {
  subdistrict_id: string
  id: string
  username: string
  display_name: string
  role: Role
}

/** Every factor passed: a new session (new id, so no fixation) and the identity the device caches. */
export async function startSession(deps: Deps, user: SignInUser): Promise<{ cookie: string; me: Me }> {
  const { db, env } = deps
  const now = deps.now()
  // A module may end its users' sessions earlier: the counter at the end of the worker's shift.
  const ends = (await Promise.all(deps.modules.map((m) => m.sessionEnd?.(db, user, now)))).filter((d): d is Date => d instanceof Date)
  const endsBy = ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : undefined
  const session = await createSession(
    db,
    user.subdistrict_id,
    user.id,
    now,
    { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS },
    endsBy,
  )
  // A temporary password works once: the session it opened is the only way on to the change step.
  const consumed = await db
    .updateTable('users')
    .set({ password_hash: '!temporary-used' })
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('id', '=', user.id)
    .where('must_change_password', '=', 1)
    .executeTakeFirst()
  const mustChange = Number(consumed.numUpdatedRows) > 0
  deps.logger.log('info', 'login', { user_id: user.id, role: user.role })
  const communities = await db
    .selectFrom('user_communities')
    .select('community_id')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('user_id', '=', user.id)
    .execute()
  const me = await meOf(deps, {
    ...user,
    community_ids: communities.map((r) => r.community_id),
    session_id: '',
    session_expires_at: session.expiresAt,
    ...(mustChange ? { must_change_password: true } : {}),
  })
  return { cookie: session.cookie, me }
}

/** The identity the device caches: who, which role, which communities (with centres for the map). */
export async function meOf(deps: Deps, user: SessionUser): Promise<Me> {
  const sub = await deps.db.selectFrom('subdistricts').select('name').where('id', '=', user.subdistrict_id).executeTakeFirst()
  // Coordinators, admins and counter/meals staff work across the subdistrict; inspectors see their own communities.
  let q = deps.db.selectFrom('communities').select(['id', 'name', 'center_lat', 'center_lng']).where('subdistrict_id', '=', user.subdistrict_id)
  if (user.role === 'inspector') q = q.where('id', 'in', user.community_ids.length ? user.community_ids : ['-'])
  const communities = await q.orderBy('id').execute()
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    subdistrict_id: user.subdistrict_id,
    subdistrict_name: sub?.name ?? user.subdistrict_id,
    communities,
    session_expires_at: user.session_expires_at,
    ...(user.must_change_password ? { must_change_password: true } : {}),
  }
}
