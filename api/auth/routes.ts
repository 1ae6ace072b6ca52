// Sign-in, sign-out and "who am I". One generic message for any wrong credential (no user
// enumeration); failures are throttled per username and per IP.
import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, setCookie } from 'hono/cookie'
import { LoginRequest, Me } from '../domain/auth.ts'
import { createRouter, problemResponses } from '../http/router.ts'
import { ProblemError } from '../http/problem.ts'
import { clientIp } from '../http/client-ip.ts'
import { currentUser, requireRole } from './middleware.ts'
import { ROLES } from '../domain/auth.ts'
import { loginWithPassword, meOf } from './service.ts'
import { deleteSession, deleteUserSessions, SESSION_COOKIE } from './sessions.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  request: { body: { ...json(LoginRequest), required: true } },
  responses: { 200: { description: 'Signed in; sets the session cookie', ...json(Me) }, ...problemResponses, 429: { description: 'Too many failures' } },
})

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  middleware: [requireRole(...ROLES)] as const,
  responses: { 200: { description: 'The signed-in user', ...json(Me) }, 401: { description: 'Not signed in' } },
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
  responses: { 204: { description: 'Every session of this user ended' }, 401: { description: 'Not signed in' } },
})

export const authRouter = createRouter()
  .openapi(login, async (c) => {
    const { deps } = c.var
    const body = c.req.valid('json')
    const result = await loginWithPassword(deps, body, clientIp(c))
    const secure = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
    setCookie(c, SESSION_COOKIE, result.cookie, {
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      path: '/',
      maxAge: deps.env.SESSION_ABSOLUTE_HOURS * 3600,
    })
    return c.json(result.me, 200)
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

export { ProblemError }
