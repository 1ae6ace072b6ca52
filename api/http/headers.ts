// Baseline security headers on every response; the strict CSP keeps inline script out and allows
// the configured tile host for images.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.ts'
import { basemapOf } from './basemap.ts'
import { isHttps } from './client-ip.ts'
import { setAnswerHeader } from './answer-headers.ts'
import type { Env } from '../env.ts'

function tileOrigins(url: string): string {
  if (url.startsWith('/')) return ''
  try {
    const u = new URL(url.replace('{s}', 'a'))
    return ` ${u.protocol}//${u.hostname.replace(/^[^.]+\./, '*.')} ${u.protocol}//${u.hostname}`
  } catch {
    return ''
  }
}

/** The Content-Security-Policy for a configuration (it names the basemap's tile hosts), made once per env. */
const policies = new WeakMap<Env, string>()
function policyOf(env: Env): string {
  let csp = policies.get(env)
  if (csp === undefined) {
    const basemap = basemapOf(env)
    const tiles = tileOrigins(basemap.url) + (basemap.labels_url ? tileOrigins(basemap.labels_url) : '')
    csp = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:${tiles}; connect-src 'self'${tiles}; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'`
    policies.set(env, csp)
  }
  return csp
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  const env = c.var.deps.env
  setAnswerHeader(c, 'content-security-policy', policyOf(env))
  setAnswerHeader(c, 'x-content-type-options', 'nosniff')
  setAnswerHeader(c, 'referrer-policy', 'same-origin')
  setAnswerHeader(c, 'permissions-policy', 'geolocation=(self), camera=(self), microphone=()')
  setAnswerHeader(c, 'x-frame-options', 'DENY')
  // Not with HTTPS=local: HSTS would pin localhost and the PC's name to https, breaking the plain-http
  // setup page (same host, other port) and every other local http server.
  if (isHttps(c) && env.TLS_MODE !== 'local') {
    setAnswerHeader(c, 'strict-transport-security', 'max-age=31536000; includeSubDomains')
  }
}
