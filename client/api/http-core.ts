// The one fetch core under the app's API client and the sync engine: builds the request (JSON, a blob
// or a form), turns "no answer" into NetworkError, and reads JSON and problem+json bodies. No Vue here.
import { NetworkError, type Problem } from './errors.ts'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** The browser's fetch, the only reference to it in the app: the engine's default and raw tile requests. */
export const browserFetch: FetchLike = (input, init) => fetch(input, init)

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  json?: unknown
  body?: Blob
  /** The blob's type unless given. */
  contentType?: string
  /** multipart/form-data: the runtime sets the Content-Type with its boundary. */
  form?: FormData
  signal?: AbortSignal
}

/** Sends one request; any failure to get an answer (but a deliberate abort) becomes NetworkError. */
export async function send(fetchFn: FetchLike, url: string, req: HttpRequest, lang: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang }
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
  try {
    return await fetchFn(url, { method: req.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, credentials: 'same-origin', signal: req.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new NetworkError(e instanceof Error ? e.message : String(e))
  }
}

/** Reads a JSON answer; a body that cannot be read counts as a lost answer. */
export async function readJson<T = unknown>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e))
  }
}

/** The problem+json of an error answer, when it has one. */
export async function readProblem(res: Response): Promise<Problem | undefined> {
  return ((await res.json().catch(() => undefined)) ?? undefined) as Problem | undefined
}

/** Retry-After in seconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}
