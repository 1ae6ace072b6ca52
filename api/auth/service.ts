// The sign-in rules, apart from HTTP: throttle, verify, open a session, describe the user.
import type { Deps, SessionUser } from '../http/context.ts'
import type { LoginRequest, Me, Role } from '#domain/auth.ts'
import { refused } from '../http/problem.ts'
import { decoyHash, verifyPassword } from './password.ts'
import { createSession } from './sessions.ts'
import { clear, hit, peek, release, reserve, type Limit } from './throttle.ts'
import { findUsersByUsername } from './users.ts'
import { openChallenge, secondFactorFor } from './second-factor.ts'

export const LOGIN_LIMIT_PER_USERNAME: Limit = { max: 5, windowSeconds: 15 * 60 }
export const LOGIN_LIMIT_PER_IP: Limit = { max: 30, windowSeconds: 15 * 60 }

export async function loginWithPassword(deps: Deps, body: LoginRequest, ip: string) {
  const { db } = deps
  const now = deps.now()
  const userKey = `login:user:${body.username.toLowerCase()}`
  const ipKey = `login:ip:${ip}`
  // Per IP (an office behind one address signs many people in): failures only, checked then counted.
  const ipState = await peek(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
  if (!ipState.allowed) throw refused(429, 'sign_in_throttled', { headers: { 'retry-after': String(ipState.retryAfterSeconds) } })
  // Per username: every attempt is counted before the password is checked (parallel guesses cannot
  // overrun the limit) and the count is cleared once sign-in succeeds.
  const userState = await reserve(db, '*', userKey, LOGIN_LIMIT_PER_USERNAME, now)
  if (!userState.allowed) throw refused(429, 'sign_in_throttled', { headers: { 'retry-after': String(userState.retryAfterSeconds) } })
  const candidates = (await findUsersByUsername(db, body.username)).filter((u) => !body.subdistrict_id || u.subdistrict_id === body.subdistrict_id)
  const user = candidates.length === 1 ? candidates[0] : undefined
  const ok = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()))
  if (!user || !ok) {
    await hit(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
    deps.logger.log('info', 'login_failed', {})
    throw refused(401, 'sign_in_wrong')
  }
  const signIn: SignInUser = {
    subdistrict_id: user.subdistrict_id,
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role as Role,
  }
  const second = await secondFactorFor(deps, signIn)
  if (second) {
    deps.logger.log('info', 'login_password_ok', { user_id: user.id, second_factor: second })
    // The right password takes back only its own attempt; earlier failures stay counted until the code
    // passes too, so a known password does not reset the budget for guessing codes.
    await release(db, '*', userKey)
    return { kind: 'challenge' as const, cookie: await openChallenge(deps, signIn), second_factor: second }
  }
  await clear(db, '*', userKey)
  return { kind: 'session' as const, ...(await startSession(deps, signIn)) }
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
  const session = await createSession(db, user.subdistrict_id, user.id, deps.now(), {
    idleMinutes: env.SESSION_IDLE_MINUTES,
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
  })
  deps.logger.log('info', 'login', { user_id: user.id, role: user.role })
  const communities = await db
    .selectFrom('user_communities')
    .select('community_id')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('user_id', '=', user.id)
    .execute()
  const me = await meOf(deps, { ...user, community_ids: communities.map((r) => r.community_id), session_id: '', session_expires_at: session.expiresAt })
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
  }
}
