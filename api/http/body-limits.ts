// Every request body is read under a limit, counted as it streams (a chunked body is refused as soon
// as it passes the limit, a declared Content-Length before anything is read), answered 413. A response
// sent before the body was read to the end says `Connection: close`, so a keep-alive client opens a new
// connection for its next request instead of having it cut off while the server drops the rest.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from './context.ts'
import { problemOf } from './problem.ts'
import { MAX_LAYER_BYTES } from '#domain/reference-layers.ts'
import { RESIDENT_PHOTO_MAX_BYTES } from '#domain/patrol/resident.ts'

export const JSON_BODY_LIMIT = 1024 * 1024
/** Anything outside /api and Open311 (tiles, GBFS, the client) takes no body worth more than this. */
export const OTHER_BODY_LIMIT = 64 * 1024
/** JSON bodies allowed above JSON_BODY_LIMIT: an imported reference layer (its own check names the field). */
const LARGE_JSON = /^\/api\/admin\/map-layers\//
const LARGE_JSON_LIMIT = MAX_LAYER_BYTES + 64 * 1024
/** A resident's report carries its photo as base64 in the JSON (the photo's own limit names the field). */
const RESIDENT_REPORT = /^\/api\/patrol\/residents\/reports$/
const RESIDENT_REPORT_LIMIT = Math.ceil(RESIDENT_PHOTO_MAX_BYTES / 3) * 4 + 64 * 1024

/** Paths with their own limits: photo uploads (after the role check) and Open311 (its own error format). */
const OWN_LIMITS = /^\/(api\/media|open311)(\/|$)/

export const bodyLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  // A GET or HEAD with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3); asking
  // the request for its body stream would build a full WHATWG Request for every one of them.
  if (((c.req.method === 'GET' || c.req.method === 'HEAD') && !hasBody(c.req.raw.headers)) || OWN_LIMITS.test(c.req.path)) return next()
  const path = c.req.path
  const max = LARGE_JSON.test(path)
    ? LARGE_JSON_LIMIT
    : RESIDENT_REPORT.test(path)
      ? RESIDENT_REPORT_LIMIT
      : path.startsWith('/api/')
        ? JSON_BODY_LIMIT
        : OTHER_BODY_LIMIT
  // The message names the nominal limit (a map layer's 5 MB, a photo's 2 MB, not the slack for the JSON around it).
  const shown = max === LARGE_JSON_LIMIT ? MAX_LAYER_BYTES : max === RESIDENT_REPORT_LIMIT ? RESIDENT_PHOTO_MAX_BYTES : max
  return bodyLimit({ maxSize: max, onError: (cc) => problemOf(cc, 413, 'body_too_large', { max: byteSize(shown) }) })(c, next)
}

/** 1048576 → "1 MB", 65536 → "64 KB": how a person reads a size limit. */
export const byteSize = (n: number) =>
  n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`

const hasBody = (h: Headers) => (h.has('content-length') && h.get('content-length') !== '0') || h.has('transfer-encoding')

export const closeOnUnreadBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const raw = c.req.raw
  await next()
  // bodyLimit swaps in a buffered copy once it has read the stream to its end; otherwise the original
  // request still holds its stream, unread or partly read.
  const unread = (hasBody(raw.headers) && c.req.raw === raw && !raw.bodyUsed) || c.res.status === 413
  if (!unread) return
  try {
    c.res.headers.set('connection', 'close')
  } catch {
    // A response with immutable headers (a fetched one) is copied.
    const res = new Response(c.res.body, c.res)
    res.headers.set('connection', 'close')
    c.res = res
  }
}
