// Baseline security headers on every response; the strict CSP keeps inline script out and allows
// the configured tile host for images.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.ts'
import { basemapOf } from './basemap.ts'
import { isHttps } from './client-ip.ts'

function tileOrigins(url: string): string {
  if (url.startsWith('/')) return ''
  try {
    const u = new URL(url.replace('{s}', 'a'))
    return ` ${u.protocol}//${u.hostname.replace(/^[^.]+\./, '*.')} ${u.protocol}//${u.hostname}`
  } catch {
    return ''
  }
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  const env = c.var.deps.env
  const basemap = basemapOf(env)
  const tiles = tileOrigins(basemap.url) + (basemap.labels_url ? tileOrigins(basemap.labels_url) : '')
  c.header(
    'content-security-policy',
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:${tiles}; connect-src 'self'${tiles}; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'`,
  )
  c.header('x-content-type-options', 'nosniff')
  c.header('referrer-policy', 'same-origin')
  c.header('permissions-policy', 'geolocation=(self), camera=(self), microphone=()')
  c.header('x-frame-options', 'DENY')
  // Not with HTTPS=local: HSTS would pin localhost and the PC's name to https, breaking the plain-http
  // setup page (same host, other port) and every other local http server.
  if (isHttps(c) && env.TLS_MODE !== 'local') {
    c.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
  }
}
