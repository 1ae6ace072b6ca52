// Who is calling, and may they: the session loader runs on every API request, the role guard on
// every route, and the Origin check stops cross-site writes riding on the session cookie.
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../http/context.ts'
import { forbidden, refused } from '../http/problem.ts'
import type { Role } from '#domain/auth.ts'
import { loadSession, SESSION_COOKIE } from './sessions.ts'

export const sessionLoader: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, env, now } = c.var.deps
  const cookie = getCookie(c, SESSION_COOKIE)
  c.set('user', cookie ? await loadSession(db, cookie, now(), { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS }) : undefined)
  await next()
}

const ROLE_GUARDS = new WeakSet<MiddlewareHandler<AppEnv>>()

/** The role guard: every non-public route names the roles that may use it. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.var.user
    if (!user) throw refused(401, 'not_signed_in')
    if (!roles.includes(user.role)) throw forbidden()
    // A temporary password opens the change-password step and nothing else (sign-in routes stay open).
    if (user.must_change_password && !c.req.path.startsWith('/api/auth/')) throw forbidden('password_change_required')
    await next()
  }
  ROLE_GUARDS.add(guard)
  return guard
}

/** Whether a handler is a role guard (the OpenAPI document marks its routes as needing the session cookie). */
export const isRoleGuard = (handler: unknown): boolean => typeof handler === 'function' && ROLE_GUARDS.has(handler as MiddlewareHandler<AppEnv>)

export function currentUser(c: { var: { user: AppEnv['Variables']['user'] } }) {
  const user = c.var.user
  if (!user) throw refused(401, 'not_signed_in')
  return user
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF: a browser always sends Origin on a cross-site write; refuse one that is not ours.
 * Non-browser clients (no Origin, no Sec-Fetch-Site) carry no ambient cookie risk.
 */
export const originCheck: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method)) return next()
  const origin = c.req.header('origin')
  const forwarded = c.var.deps.env.TRUST_PROXY ? c.req.header('x-forwarded-host') : undefined
  const host = forwarded ?? new URL(c.req.url).host
  const fetchSite = c.req.header('sec-fetch-site')
  let ok = true
  if (origin) {
    try {
      ok = new URL(origin).host === host
    } catch {
      ok = false
    }
  } else if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    ok = false
  }
  if (!ok) throw forbidden('cross_site_refused', { type: 'https://lastmile.local/problems/csrf' })
  await next()
}
