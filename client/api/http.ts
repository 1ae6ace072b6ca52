// The app's API client on the shared fetch core: the interface language, 401 listeners, and every JSON
// answer parsed at the boundary with the shared domain schema, so what a store gets is what it types.
import type { z } from 'zod'
import { ProblemError, ServerError } from './errors.ts'
import { browserFetch, readJson, readProblem, retryAfter, send, type HttpRequest } from './http-core.ts'

export { HttpError, NetworkError, ProblemError, type FieldError, type Problem } from './errors.ts'

let currentLang = 'zh-CN'
export function setApiLanguage(lang: string) {
  currentLang = lang
}

type Listener = (status: number) => void
const unauthorizedListeners = new Set<Listener>()
export function onUnauthorized(fn: Listener) {
  unauthorizedListeners.add(fn)
  return () => unauthorizedListeners.delete(fn)
}

export type ApiInit = Pick<HttpRequest, 'method' | 'json' | 'signal'>

/** The request; an error status becomes ProblemError (401 also tells the listeners). */
async function call(path: string, init: ApiInit): Promise<Response> {
  const res = await send(browserFetch, path, init, currentLang)
  if (!res.ok) {
    const problem = await readProblem(res)
    if (res.status === 401) unauthorizedListeners.forEach((l) => l(401))
    throw new ProblemError(res.status, problem, undefined, retryAfter(res.headers.get('retry-after')))
  }
  return res
}

/**
 * A JSON answer checked against its schema; an answer that does not match is the server's error. The
 * schema may still be loading (a module imported on first use): the request goes out at once and the
 * answer waits for it.
 */
export async function apiFetch<S extends z.ZodType>(path: string, init: ApiInit & { schema: S | Promise<S> }): Promise<z.output<S>>
/** A request whose answer the caller does not read (204, or a body it has no use for). */
export async function apiFetch(path: string, init?: ApiInit): Promise<void>
export async function apiFetch(path: string, init: ApiInit & { schema?: z.ZodType | Promise<z.ZodType> } = {}): Promise<unknown> {
  const { schema: schemaOrLoading, ...req } = init
  // A schema that fails to load must not leave an unhandled rejection while the request is out.
  if (schemaOrLoading instanceof Promise) schemaOrLoading.catch(() => undefined)
  const res = await call(path, req)
  if (!schemaOrLoading) {
    await res.body?.cancel()
    return undefined
  }
  const schema = await schemaOrLoading
  const parsed = schema.safeParse(res.status === 204 ? undefined : await readJson(res))
  if (!parsed.success) {
    const where = parsed.error.issues[0]
    throw new ServerError(res.status, {
      type: 'about:blank',
      title: `unexpected answer from ${path}`,
      status: res.status,
      detail: where ? `${where.path.join('.')}: ${where.message}` : undefined,
    })
  }
  return parsed.data
}

/** A text answer (CSV, plain text). */
export async function apiText(path: string, init: ApiInit = {}): Promise<string> {
  return (await call(path, init)).text()
}
