// Headers set on an answer a handler has already made (by middleware after `await next()`). Hono's
// c.header() then copies the whole response first, and with @hono/node-server that turns its lightweight
// response into a full WHATWG Response of the body, twice, on every request. The answer's own headers are
// mutable (each request's response is its own object), except a fetched one's, which is copied instead.
import type { Context } from 'hono'

export function setAnswerHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value)
  } catch {
    c.header(name, value)
  }
}
