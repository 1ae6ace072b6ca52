// The engine's only door to the network, on the shared fetch core: "no answer" is NetworkError, 401
// SignedOutError and 5xx/429/408 ServerError, so callers decide what to keep without guessing.
import { ServerError, SignedOutError } from '../api/errors.ts'
import { send, type HttpRequest } from '../api/http-core.ts'
import type { EngineDeps } from './types.ts'

export { readJson, readProblem } from '../api/http-core.ts'

export type SyncRequest = Omit<HttpRequest, 'signal'>

export async function syncFetch(deps: EngineDeps, path: string, req: SyncRequest = {}): Promise<Response> {
  const res = await send(deps.fetch, (deps.baseUrl ?? '') + path, req, deps.lang?.() ?? 'zh-CN')
  if (res.status === 401) throw new SignedOutError()
  if (res.status >= 500 || res.status === 429 || res.status === 408) throw new ServerError(res.status)
  return res
}
