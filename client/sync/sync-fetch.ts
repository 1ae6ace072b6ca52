// The engine's only door to the network, on the shared fetch core: "no answer" is NetworkError, 401
// SignedOutError and 5xx/429/408 ServerError, so callers decide what to keep without guessing. An answer
// is parsed with the shared domain schema; one that does not match is the server's error too.
import type { z } from 'zod'
import { ServerError, SignedOutError } from '../api/errors.ts'
import { readJson, send, type HttpRequest } from '../api/http-core.ts'
import type { EngineDeps } from './types.ts'

export { readProblem } from '../api/http-core.ts'

/** The JSON answer checked against its schema: ServerError naming the first bad field when it does not match. */
export async function readAnswer<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJson(res))
  if (parsed.success) return parsed.data
  const where = parsed.error.issues[0]
  throw new ServerError(res.status, {
    type: 'about:blank',
    title: `unexpected answer from ${new URL(res.url || 'http://x/').pathname}`,
    status: res.status,
    detail: where ? `${where.path.join('.')}: ${where.message}` : undefined,
  })
}

export type SyncRequest = Omit<HttpRequest, 'signal'>

export async function syncFetch(deps: EngineDeps, path: string, req: SyncRequest = {}): Promise<Response> {
  const res = await send(deps.fetch, (deps.baseUrl ?? '') + path, req, deps.lang?.() ?? 'zh-CN')
  if (res.status === 401) throw new SignedOutError()
  if (res.status >= 500 || res.status === 429 || res.status === 408) throw new ServerError(res.status)
  return res
}
