// The sign-in rules, apart from HTTP: throttle, verify, open a session, describe the user.
import type { Deps } from '../http/context.ts'
import type { LoginRequest, Role } from '#domain/auth.ts'
import { ProblemError } from '../http/problem.ts'
import { decoyHash, verifyPassword } from './password.ts'
import { LOGIN_LIMIT_PER_USERNAME, startSession, type SignInUser } from './session-start.ts'
import { clear, hit, peek, release, reserve, type Limit } from './throttle.ts'
import { findUsersByUsername } from './users.ts'
import { openChallenge, secondFactorFor } from './second-factor.ts'

export const LOGIN_LIMIT_PER_IP: Limit = { max: 30, windowSeconds: 15 * 60 }

const BAD_CREDENTIALS = { 'zh-CN': '用户名或密码不正确', en: 'Wrong username or password' }
const THROTTLED = { 'zh-CN': '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' }

export async function loginWithPassword(deps: Deps, body: LoginRequest, ip: string) {
  const { db } = deps
  const now = deps.now()
  const userKey = `login:user:${body.username.toLowerCase()}`
  const ipKey = `login:ip:${ip}`
  // Per IP (an office behind one address signs many people in): failures only, checked then counted.
  const ipState = await peek(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
  if (!ipState.allowed) throw new ProblemError(429, THROTTLED, { headers: { 'retry-after': String(ipState.retryAfterSeconds) } })
  // Per username: every attempt is counted before the password is checked (parallel guesses cannot
  // overrun the limit) and the count is cleared once sign-in succeeds.
  const userState = await reserve(db, '*', userKey, LOGIN_LIMIT_PER_USERNAME, now)
  if (!userState.allowed) throw new ProblemError(429, THROTTLED, { headers: { 'retry-after': String(userState.retryAfterSeconds) } })
  const candidates = (await findUsersByUsername(db, body.username)).filter((u) => !body.subdistrict_id || u.subdistrict_id === body.subdistrict_id)
  const user = candidates.length === 1 ? candidates[0] : undefined
  const ok = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()))
  if (!user || !ok) {
    await hit(db, '*', ipKey, LOGIN_LIMIT_PER_IP, now)
    deps.logger.log('info', 'login_failed', {})
    throw new ProblemError(401, BAD_CREDENTIALS)
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
