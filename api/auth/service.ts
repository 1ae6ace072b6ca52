// The sign-in rules, apart from HTTP: throttle, verify, open a session, describe the user.
import type { Deps, SessionUser } from '../http/context.ts'
import type { LoginRequest, Me, PasswordChange, Role } from '#domain/auth.ts'
import { fieldProblem, forbidden, refused } from '../http/problem.ts'
import { decoyHash, hashPassword, verifyPassword } from './password.ts'
import { passwordProblem } from './password-strength.ts'
import { audit } from '../audit/audit.ts'
import { LOGIN_LIMIT_PER_PAIR, LOGIN_LIMIT_PER_USERNAME, loginKeys, loginThrottled, meOf, startSession, type SignInUser } from './session-start.ts'
import { clear, hit, peek, release, reserve, type Limit } from './throttle.ts'
import { findUsersByUsername } from './users.ts'
import { DEMO_PASSWORD } from './demo-password.ts'
import { openChallenge, secondFactorFor } from './second-factor.ts'

export const LOGIN_LIMIT_PER_IP: Limit = { max: 30, windowSeconds: 15 * 60 }

export async function loginWithPassword(deps: Deps, body: LoginRequest, ip: string) {
  const { db } = deps
  const now = deps.now()
  const keys = loginKeys(body.username, ip)
  const ipKey = `login:ip:${ip}`
  // Per IP (an office behind one address signs many people in): failures only, checked then counted.
  const ipState = await peek(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
  if (!ipState.allowed) throw loginThrottled(ipState.retryAfterSeconds)
  // Per username from this address, and per username overall: every attempt is counted before the
  // password is checked (parallel guesses cannot overrun the limits).
  const pairState = await reserve(db, '*', keys.pair, LOGIN_LIMIT_PER_PAIR, now)
  const userState = await reserve(db, '*', keys.user, LOGIN_LIMIT_PER_USERNAME, now)
  if (!pairState.allowed || !userState.allowed) {
    const waits = [pairState, userState].filter((st) => !st.allowed).map((st) => st.retryAfterSeconds)
    throw loginThrottled(Math.max(...waits))
  }
  const candidates = (await findUsersByUsername(db, body.username)).filter((u) => !body.subdistrict_id || u.subdistrict_id === body.subdistrict_id)
  const user = candidates.length === 1 ? candidates[0] : undefined
  const ok = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()))
  if (!user || !ok) {
    await hit(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
    deps.logger.log('info', 'login_failed', {})
    throw refused(401, 'sign_in_wrong')
  }
  // The demo password is published: outside demo mode it opens nothing, whichever account still has it.
  if (!deps.env.SEED_DEMO && body.password === DEMO_PASSWORD) {
    deps.logger.log('warn', 'login_demo_password_refused', { user_id: user.id })
    throw forbidden('sign_in_demo_password_off')
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
    await release(db, '*', keys.pair)
    await release(db, '*', keys.user)
    return { kind: 'challenge' as const, cookie: await openChallenge(deps, signIn), second_factor: second }
  }
  // This address's failures are forgiven; the username's overall count only loses this attempt, so a
  // user signing in meanwhile does not reset the budget of someone guessing from elsewhere.
  await clear(db, '*', keys.pair)
  await release(db, '*', keys.user)
  return { kind: 'session' as const, ...(await startSession(deps, signIn)) }
}

/** Wrong current passwords on the change form, per user: like the sign-in's limit per address. */
export const PASSWORD_CHANGE_LIMIT: Limit = { max: 5, windowSeconds: 15 * 60 }

/**
 * The signed-in user's new password. The current one is asked for, except in a session opened with an
 * admin's temporary password (which is spent already). Every other session of the user ends.
 */
export async function changePassword(deps: Deps, user: SessionUser, body: PasswordChange): Promise<Me> {
  const { db } = deps
  const now = deps.now()
  if (!user.must_change_password) {
    const key = `password-change:${user.id}`
    const state = await reserve(db, user.subdistrict_id, key, PASSWORD_CHANGE_LIMIT, now)
    if (!state.allowed) throw loginThrottled(state.retryAfterSeconds)
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('id', '=', user.id)
      .executeTakeFirst()
    if (!row || !body.current_password || !(await verifyPassword(body.current_password, row.password_hash)))
      throw fieldProblem('password_current_wrong', 'current_password')
    await clear(db, user.subdistrict_id, key)
  }
  const weak = passwordProblem(body.new_password, user)
  if (weak) throw fieldProblem(weak, 'new_password')
  const hash = await hashPassword(body.new_password)
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0 })
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('id', '=', user.id)
      .execute()
    await tx
      .deleteFrom('sessions')
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('user_id', '=', user.id)
      .where('id', '!=', user.session_id)
      .execute()
    await audit(tx, { actor: user, action: 'password_changed', entity: 'user', entity_id: user.id, after: { username: user.username }, at: now })
  })
  return meOf(deps, { ...user, must_change_password: false })
}
