// The caller as seen through an optional reverse proxy: its address for throttling (the socket's, or
// X-Forwarded-For) and whether it came over https (the URL's scheme, or X-Forwarded-Proto); the proxy's
// headers count only when TRUST_PROXY is set.
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { AppEnv } from './context.ts'

export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.env.TRUST_PROXY) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (fwd) return fwd
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Over https: HSTS is sent and cookies are marked Secure. */
export function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || (c.var.deps.env.TRUST_PROXY && c.req.header('x-forwarded-proto') === 'https')
}
