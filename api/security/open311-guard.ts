// What stands before the Open311 POST handler: writes throttled per address, the api_key checked before
// the body is read when it comes in the query or a header, the body read under a small streamed limit.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import type { AppEnv } from '../http/context.ts'
import { clientIp } from '../http/client-ip.ts'
import { Open311Error, respondError, type Format } from '../modules/patrol/open311/format.ts'
import { hashKey, verifyOpen311Key } from '../modules/patrol/open311-keys/service.ts'
import { countWrites } from './write-throttle.ts'
import type { Deps } from '../http/context.ts'
import { storageProblems } from '../http/storage-check.ts'

/** A service request is a few short fields; 64 KB is far above any real one. */
export const OPEN311_BODY_LIMIT = 64 * 1024
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
const CREATE = /\/requests\.(json|xml)$/

/**
 * Open311 is read by other sites' pages and written by other offices' systems: any origin may read it and
 * send the spec's form POST (no cookies are involved; writes carry an api_key). Preflights are answered here.
 */
export const open311Cors = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'X-Api-Key'],
  maxAge: 86_400,
})

/** The body types the spec's POST comes in (form-encoded; multipart and JSON are accepted too). */
export const acceptedBody = (type: string | undefined) => !type || /^(application\/x-www-form-urlencoded|multipart\/form-data|application\/json)\b/i.test(type)
export const BODY_TYPE_ERROR = 'Content-Type must be application/x-www-form-urlencoded'

/** The api_key sent outside the body: `?api_key=` (GeoReport v2 clients) or an `X-Api-Key` header. */
export const earlyApiKey = (c: { req: { query(k: string): string | undefined; header(k: string): string | undefined } }) =>
  c.req.query('api_key') || c.req.header('x-api-key') || undefined

async function apiKeyInBody(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string | undefined> {
  // The handler reads the same body again from Hono's cache; a body that does not parse is its to refuse.
  const type = c.req.header('content-type') ?? ''
  const body = (await (/json/i.test(type) ? c.req.json() : c.req.parseBody()).catch(() => null)) as Record<string, unknown> | null
  const key = body && typeof body === 'object' ? body.api_key : undefined
  return typeof key === 'string' ? key : undefined
}

export const open311Guard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method)) return next()
  try {
    return await guard(c, next)
  } catch (err) {
    // The throttle and key look-ups write and read the database: their failure is answered the Open311 way.
    c.var.deps.logger.log('error', 'open311', { request_id: c.var.requestId, error: err instanceof Error ? err.message : String(err) })
    return respondError(c, /\.xml$/.test(c.req.path) ? 'xml' : 'json', await open311Failure(c.var.deps))
  }
}

const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.var.deps
  const { env } = deps
  const format: Format = /\.xml$/.test(c.req.path) ? 'xml' : 'json'
  const refuse = (status: 403 | 413 | 429, description: string, headers: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(headers)) c.header(k, v)
    return respondError(c, format, new Open311Error(status, description))
  }
  const throttled = (retry: number) => refuse(429, 'Too many requests; try again later', { 'retry-after': String(retry) })

  // Every write counts against its address first, refused ones included (so guessing keys costs too).
  const byIp = { scope: '*', key: `open311:ip:${clientIp(c)}` }
  const ipCount = await countWrites(deps, [byIp], env.WRITE_LIMIT_WINDOW_SECONDS)
  if (ipCount.count(byIp) > env.OPEN311_LIMIT_PER_IP) return throttled(ipCount.retryAfterSeconds)

  const creating = CREATE.test(c.req.path)
  // A body of another type (text/plain from a misconfigured client) is the spec's 400, before any key look-up.
  if (creating && !acceptedBody(c.req.header('content-type'))) return respondError(c, format, new Open311Error(400, BODY_TYPE_ERROR))
  const early = creating ? earlyApiKey(c) : undefined
  let key = early ? await verifyOpen311Key(deps.db, early) : undefined
  if (early && !key) return refuse(403, 'Invalid api_key received -- can not proceed with create_request')

  return bodyLimit({ maxSize: OPEN311_BODY_LIMIT, onError: () => refuse(413, `Request body larger than ${OPEN311_BODY_LIMIT} bytes`) })(c, async () => {
    if (!creating) return next()
    let sent = early
    if (!key) {
      sent = await apiKeyInBody(c)
      key = await verifyOpen311Key(deps.db, sent)
      if (!key) {
        c.res = refuse(403, sent ? 'Invalid api_key received -- can not proceed with create_request' : 'api_key was not provided')
        return
      }
    }
    const byKey = { scope: key.subdistrict_id, key: `open311:key:${hashKey(sent!).slice(0, 32)}` }
    const keyCount = await countWrites(deps, [byKey], env.WRITE_LIMIT_WINDOW_SECONDS)
    if (keyCount.count(byKey) > env.OPEN311_LIMIT_PER_KEY) {
      c.res = throttled(keyCount.retryAfterSeconds)
      return
    }
    await next()
  })
}

/** An unexpected failure in Open311's own format: 503 when storage cannot be written (try later), else 500. */
export async function open311Failure(deps: Deps): Promise<Open311Error> {
  const storage = await storageProblems(deps).catch(() => [])
  return storage.length
    ? new Open311Error(503, 'The service cannot store requests at the moment; try again later')
    : new Open311Error(500, 'The request could not be processed')
}
