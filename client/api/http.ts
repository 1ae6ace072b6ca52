// The one place the app talks HTTP outside the sync engine: JSON in, JSON out, and problem+json
// turned into an ApiError whose field errors the form can show beside each field.
import type { FieldError } from '#domain/messages.ts'

export type { FieldError }

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: FieldError[]
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    /** From a 429's Retry-After header: how long the server asks to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`)
  }
  /** Field errors keyed by dotted path, for `<FormField :error="errors[path]">`. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem?.errors ?? []) out[e.path] ??= e.message
    return out
  }
}

/** Retry-After in seconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

/** Network unreachable (offline, DNS, server down): distinct from an answer with an error. */
export class NetworkError extends Error {}

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

export interface ApiInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  json?: unknown
  signal?: AbortSignal
}

export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang }
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      credentials: 'same-origin',
      signal: init.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new NetworkError(e instanceof Error ? e.message : String(e))
  }
  if (res.status === 204) return undefined as T
  const type = res.headers.get('content-type') ?? ''
  if (!res.ok) {
    const problem = type.includes('json') ? ((await res.json().catch(() => undefined)) as Problem | undefined) : undefined
    if (res.status === 401) unauthorizedListeners.forEach((l) => l(401))
    throw new ApiError(res.status, problem, retryAfter(res.headers.get('retry-after')))
  }
  return (type.includes('json') ? await res.json() : await res.text()) as T
}
