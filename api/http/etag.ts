// Conditional GET for answers many clients fetch again and again (the residents' public pages, the
// client's index.html): an ETag over the body, and 304 Not Modified with no body when If-None-Match
// names it. Compression (app.ts) runs outside this and weakens the tag of a body it compresses, which
// If-None-Match still matches (weak comparison).
import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { etag } from 'hono/etag'
import type { AppEnv } from './context.ts'
import { setAnswerHeader } from './answer-headers.ts'

/** API paths answered with an ETag and 304, as the OpenAPI document spells them. */
export const CONDITIONAL_GET_PATHS: readonly string[] = ['/api/meals/public', '/api/patrol/zones/public']

const tagged = etag()

/**
 * ETag and 304 for a GET; a 200 that says nothing about caching gets `Cache-Control: no-cache`, so a
 * browser keeps it but asks again each time (cheaply, with If-None-Match).
 */
export const conditionalGet: MiddlewareHandler<AppEnv> = async (c, next) => {
  await tagged(c, async () => {
    await next()
    if (c.res.status === 200 && !c.res.headers.has('cache-control')) setAnswerHeader(c, 'cache-control', 'no-cache')
  })
}

/**
 * A JSON answer with its ETag (SHA-1 of the body, the tag the middleware would compute), so the
 * middleware only compares it with If-None-Match instead of copying the answer's stream to hash it.
 */
export function taggedJson(c: Context, value: unknown): Response {
  const body = JSON.stringify(value)
  return c.body(body, 200, { 'content-type': 'application/json', etag: `"${createHash('sha1').update(body).digest('hex')}"` })
}
