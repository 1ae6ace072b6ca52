// The engine's only door to the network: turns "no answer" into OfflineError, 401 into SignedOutError
// and any other failure into ServerError, so callers decide what to keep without guessing.
import { OfflineError, ServerError, SignedOutError, type EngineDeps } from './types.ts'

export interface SyncRequest {
  method?: 'GET' | 'POST' | 'PUT'
  json?: unknown
  body?: Blob
  contentType?: string
  /** multipart/form-data: the runtime sets the Content-Type with its boundary. */
  form?: FormData
}

export async function syncFetch(deps: EngineDeps, path: string, req: SyncRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': deps.lang?.() ?? 'zh-CN' }
  let body: BodyInit | undefined
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(req.json)
  } else if (req.body) {
    headers['content-type'] = req.contentType ?? req.body.type
    body = req.body
  } else if (req.form) {
    body = req.form
  }
  let res: Response
  try {
    res = await deps.fetch((deps.baseUrl ?? '') + path, { method: req.method ?? 'GET', headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw new OfflineError(e instanceof Error ? e.message : String(e))
  }
  if (res.status === 401) throw new SignedOutError()
  if (res.status >= 500 || res.status === 429 || res.status === 408) throw new ServerError(res.status)
  return res
}

/** Reads a JSON answer; a body that cannot be read counts as a lost response. */
export async function readJson<T>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T
  } catch (e) {
    throw new OfflineError(e instanceof Error ? e.message : String(e))
  }
}
