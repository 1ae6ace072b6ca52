// The caller as seen through the reverse proxies TRUST_PROXY counts: its address for throttling (the
// socket's, or the X-Forwarded-For entry the outermost trusted proxy added) and whether it came over https.
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { AppEnv } from './context.ts'

/**
 * The client address from an X-Forwarded-For value behind `hops` trusted proxies. Each proxy appends the
 * address it received the request from, so the entry `hops` places from the right is the one the outermost
 * trusted proxy wrote; anything left of it came from the client and is ignored.
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined
  const entries = header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (entries.length === 0) return undefined
  return entries[Math.max(0, entries.length - hops)]
}

export function clientIp(c: Context<AppEnv>): string {
  const fwd = forwardedClient(c.req.header('x-forwarded-for'), c.var.deps.env.TRUST_PROXY)
  if (fwd) return fwd.slice(0, 64)
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Over https: HSTS is sent and cookies are marked Secure. */
export function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || (c.var.deps.env.TRUST_PROXY > 0 && c.req.header('x-forwarded-proto') === 'https')
}
