// Fetches an area's tiles into the tile store: a few requests at a time, retries for transient
// failures, stops at once on abort, and on a resume fetches only the tiles the store does not hold.

/** Where saved tiles live (Cache Storage in the browser, a Map in tests). */
export interface TileStore {
  /** URLs already held. */
  urls(): Promise<Set<string>>
  put(url: string, body: ArrayBuffer, contentType: string): Promise<void>
}

export interface DownloadProgress {
  total: number
  /** Tiles dealt with so far: stored, already held, absent or failed. */
  done: number
  stored: number
  /** Already in the store (a resume skips them). */
  held: number
  /** The tile source has no tile there (404): nothing to save, not an error. */
  absent: number
  failed: number
  /** Bytes stored by this run. */
  bytes: number
}

export interface DownloadOptions {
  urls: readonly string[]
  store: TileStore
  fetch?: typeof fetch
  /** Requests in flight at once. */
  concurrency?: number
  /** Extra attempts after a network error, 429 or 5xx. */
  retries?: number
  /** Pause before retry n is n × this. */
  retryDelayMs?: number
  signal?: AbortSignal
  /** true: fetch only tiles the store does not hold (download, resume); false: fetch all (refresh). */
  skipHeld?: boolean
  onProgress?: (p: DownloadProgress) => void
}

export interface DownloadResult extends DownloadProgress {
  aborted: boolean
  /** The store refused a tile for lack of space: the run stopped there. */
  storageFull: boolean
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })

type Outcome = { kind: 'stored'; bytes: number } | { kind: 'absent' } | { kind: 'failed' } | { kind: 'aborted' } | { kind: 'full' }

const isQuotaError = (e: unknown) => e instanceof Error && e.name === 'QuotaExceededError'

async function fetchTile(
  url: string,
  o: Required<Pick<DownloadOptions, 'fetch' | 'retries' | 'retryDelayMs' | 'store'>> & { signal?: AbortSignal },
): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) return { kind: 'aborted' }
    let transient = false
    try {
      const res = await o.fetch(url, { signal: o.signal, mode: 'cors', credentials: 'omit', cache: 'no-store' })
      if (res.ok) {
        const body = await res.arrayBuffer()
        if (o.signal?.aborted) return { kind: 'aborted' }
        try {
          await o.store.put(url, body, res.headers.get('content-type') ?? 'image/png')
        } catch (e) {
          if (isQuotaError(e)) return { kind: 'full' }
          throw e
        }
        return { kind: 'stored', bytes: body.byteLength }
      }
      if (res.status === 404 || res.status === 204) return { kind: 'absent' }
      transient = res.status === 429 || res.status >= 500
    } catch {
      if (o.signal?.aborted) return { kind: 'aborted' }
      transient = true
    }
    if (!transient || attempt >= o.retries) return { kind: 'failed' }
    await sleep(o.retryDelayMs * (attempt + 1), o.signal)
  }
}

export async function downloadTiles(opts: DownloadOptions): Promise<DownloadResult> {
  const o = {
    ...opts,
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
    concurrency: opts.concurrency ?? 4,
    retries: opts.retries ?? 2,
    retryDelayMs: opts.retryDelayMs ?? 500,
    skipHeld: opts.skipHeld ?? true,
  }
  const held = o.skipHeld ? await o.store.urls() : new Set<string>()
  const p: DownloadProgress = { total: o.urls.length, done: 0, stored: 0, held: 0, absent: 0, failed: 0, bytes: 0 }
  const todo: string[] = []
  for (const url of o.urls) {
    if (held.has(url)) p.held++
    else todo.push(url)
  }
  p.done = p.held
  o.onProgress?.({ ...p })

  let next = 0
  let storageFull = false
  const worker = async () => {
    while (next < todo.length && !o.signal?.aborted && !storageFull) {
      const url = todo[next++]!
      const r = await fetchTile(url, o)
      if (r.kind === 'aborted') return
      if (r.kind === 'full') {
        storageFull = true
        return
      }
      if (r.kind === 'stored') {
        p.stored++
        p.bytes += r.bytes
      } else if (r.kind === 'absent') p.absent++
      else p.failed++
      p.done++
      o.onProgress?.({ ...p })
    }
  }
  const n = Math.max(1, Math.min(o.concurrency, 6))
  await Promise.all(Array.from({ length: n }, worker))
  return { ...p, aborted: o.signal?.aborted === true, storageFull }
}
