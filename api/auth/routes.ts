// Sign-in, sign-out and "who am I". One generic message for any wrong credential (no user
// enumeration); failures are throttled per username and per IP.
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import {
  LoginChallenge,
  LoginRequest,
  Me,
  PasswordChange,
  PinLogin,
  PinSet,
  PinUser,
  SecondFactorRequest,
  SecondFactorResult,
  TotpEnrolment,
} from '#domain/auth.ts'
import { createRouter, problemResponse, problemResponses } from '../http/router.ts'
import { ProblemError } from '../http/problem.ts'
import { clientIp, isHttps } from '../http/client-ip.ts'
import { currentUser, requireRole } from './middleware.ts'
import { ROLES } from '#domain/auth.ts'
import { changePassword, loginWithPassword } from './service.ts'
import { DEVICE_COOKIE, pinUsers, PIN_ROLES, removePin, setPin, signInWithPin } from './device-pins.ts'
import { meOf } from './session-start.ts'
import { deleteSession, deleteUserSessions, SESSION_COOKIE } from './sessions.ts'
import { CHALLENGE_MINUTES, completeSecondFactor, LOGIN_COOKIE, startEnrolment } from './second-factor.ts'
import type { AppEnv } from '../http/context.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  request: { body: { ...json(LoginRequest), required: true } },
  responses: {
    200: { description: 'Signed in; sets the session cookie', ...json(Me) },
    202: { description: 'Password right; a second factor follows (POST /api/auth/totp). Sets the short-lived lm_login cookie', ...json(LoginChallenge) },
    ...problemResponses,
    429: problemResponse('Too many failures'),
  },
})

const totpEnrol = createRoute({
  method: 'post',
  path: '/totp/enrolment',
  tags: ['auth'],
  responses: { 200: { description: 'A new TOTP secret for the pending sign-in (show as QR code)', ...json(TotpEnrolment) }, ...problemResponses },
})

const totp = createRoute({
  method: 'post',
  path: '/totp',
  tags: ['auth'],
  request: { body: { ...json(SecondFactorRequest), required: true } },
  responses: {
    200: { description: 'Signed in; sets the session cookie. Recovery codes only right after enrolment', ...json(SecondFactorResult) },
    ...problemResponses,
    429: problemResponse('Too many failures'),
  },
})

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  middleware: [requireRole(...ROLES)] as const,
  responses: { 200: { description: 'The signed-in user', ...json(Me) }, 401: problemResponse('Not signed in') },
})

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  responses: { 204: { description: 'Signed out' } },
})

const logoutAll = createRoute({
  method: 'post',
  path: '/logout-all',
  tags: ['auth'],
  middleware: [requireRole(...ROLES)] as const,
  responses: { 204: { description: 'Every session of this user ended' }, 401: problemResponse('Not signed in') },
})

const password = createRoute({
  method: 'post',
  path: '/password',
  tags: ['auth'],
  middleware: [requireRole(...ROLES)] as const,
  request: { body: { ...json(PasswordChange), required: true } },
  responses: {
    200: { description: 'Password changed; every other session of the user ended', ...json(Me) },
    ...problemResponses,
    429: problemResponse('Too many wrong current passwords'),
  },
})

const pinSet = createRoute({
  method: 'put',
  path: '/pin',
  tags: ['auth'],
  middleware: [requireRole(...PIN_ROLES)] as const,
  request: { body: { ...json(PinSet), required: true } },
  responses: { 204: { description: 'PIN set for this device; sets the lm_device cookie when the device had none' }, ...problemResponses },
})

const pinRemove = createRoute({
  method: 'delete',
  path: '/pin',
  tags: ['auth'],
  middleware: [requireRole(...PIN_ROLES)] as const,
  responses: { 204: { description: "The signed-in user's PIN on this device removed" }, ...problemResponses },
})

const pinList = createRoute({
  method: 'get',
  path: '/pin/users',
  tags: ['auth'],
  responses: { 200: { description: 'Users who set a PIN on this device (from its lm_device cookie)', ...json(z.array(PinUser)) }, ...problemResponses },
})

const pinLogin = createRoute({
  method: 'post',
  path: '/pin/login',
  tags: ['auth'],
  request: { body: { ...json(PinLogin), required: true } },
  responses: {
    200: { description: "Signed in with the PIN set on this device; the previous user's session on this browser ends", ...json(Me) },
    ...problemResponses,
    429: problemResponse('Too many wrong PINs for this user on this device'),
  },
})

export const authRouter = createRouter()
  .openapi(login, async (c) => {
    const { deps } = c.var
    const body = c.req.valid('json')
    const result = await loginWithPassword(deps, body, clientIp(c))
    if (result.kind === 'challenge') {
      setCookie(c, LOGIN_COOKIE, result.cookie, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/api/auth', maxAge: CHALLENGE_MINUTES * 60 })
      return c.json({ second_factor: result.second_factor }, 202)
    }
    setSessionCookie(c, result.cookie)
    return c.json(result.me, 200)
  })
  .openapi(totpEnrol, async (c) => c.json(await startEnrolment(c.var.deps, getCookie(c, LOGIN_COOKIE)), 200))
  .openapi(totp, async (c) => {
    const { code } = c.req.valid('json')
    const result = await completeSecondFactor(c.var.deps, getCookie(c, LOGIN_COOKIE), code, clientIp(c))
    deleteCookie(c, LOGIN_COOKIE, { path: '/api/auth' })
    setSessionCookie(c, result.cookie)
    return c.json({ me: result.me, ...(result.recovery_codes ? { recovery_codes: result.recovery_codes } : {}) }, 200)
  })
  .openapi(me, async (c) => c.json(await meOf(c.var.deps, currentUser(c)), 200))
  .openapi(logout, async (c) => {
    const user = c.var.user
    if (user) await deleteSession(c.var.deps.db, user.subdistrict_id, user.session_id)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })
  .openapi(logoutAll, async (c) => {
    const user = currentUser(c)
    await deleteUserSessions(c.var.deps.db, user.subdistrict_id, user.id)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })
  .openapi(password, async (c) => c.json(await changePassword(c.var.deps, currentUser(c), c.req.valid('json')), 200))
  .openapi(pinSet, async (c) => {
    const { cookie } = await setPin(c.var.deps, currentUser(c), getCookie(c, DEVICE_COOKIE), c.req.valid('json').pin)
    if (cookie) setCookie(c, DEVICE_COOKIE, cookie, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/api/auth', maxAge: 400 * 24 * 3600 })
    return c.body(null, 204)
  })
  .openapi(pinRemove, async (c) => {
    await removePin(c.var.deps, currentUser(c), getCookie(c, DEVICE_COOKIE))
    return c.body(null, 204)
  })
  .openapi(pinList, async (c) => c.json(await pinUsers(c.var.deps, getCookie(c, DEVICE_COOKIE)), 200))
  .openapi(pinLogin, async (c) => {
    const { user_id, pin } = c.req.valid('json')
    const result = await signInWithPin(c.var.deps, getCookie(c, DEVICE_COOKIE), user_id, pin)
    // Switching user: whoever was signed in on this browser is signed out.
    const previous = c.var.user
    if (previous) await deleteSession(c.var.deps.db, previous.subdistrict_id, previous.session_id)
    setSessionCookie(c, result.cookie)
    return c.json(result.me, 200)
  })

function setSessionCookie(c: Context<AppEnv>, value: string) {
  setCookie(c, SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: c.var.deps.env.SESSION_ABSOLUTE_HOURS * 3600 })
}

export { ProblemError }
