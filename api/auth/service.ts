// The sign-in rules, apart from HTTP: throttle, verify, open a session, describe the user.
import type { Deps } from '../http/context.ts'
import type { LoginRequest, Role } from '#domain/auth.ts'
import { forbidden, refused } from '../http/problem.ts'
import { decoyHash, verifyPassword } from './password.ts'
import { LOGIN_LIMIT_PER_PAIR, LOGIN_LIMIT_PER_USERNAME, loginKeys, loginThrottled, startSession, type SignInUser } from './session-start.ts'
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
