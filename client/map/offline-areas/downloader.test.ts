import { describe, expect, it } from 'vitest'
import { downloadTiles, type TileStore } from './downloader.ts'
import { runAreaDownload } from './area-download.ts'
import { rangesOf } from './tile-math.ts'

function memoryStore(): TileStore & { data: Map<string, number> } {
  const data = new Map<string, number>()
  return {
    data,
    urls: async () => new Set(data.keys()),
    put: async (url, body) => void data.set(url, body.byteLength),
  }
}

/** A tile server: `absent` URLs give 404, `flaky` URLs fail their first `flaky` attempts with 503. */
function server(opts: { absent?: Set<string>; flaky?: number; delayMs?: number } = {}) {
  const calls = new Map<string, number>()
  let inFlight = 0
  let maxInFlight = 0
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const n = (calls.get(url) ?? 0) + 1
    calls.set(url, n)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    try {
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 1))
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError')
      if (opts.absent?.has(url)) return new Response(null, { status: 404 })
      if (opts.flaky && n <= opts.flaky) return new Response(null, { status: 503 })
      return new Response(new Uint8Array(100), { status: 200, headers: { 'content-type': 'image/png' } })
    } finally {
      inFlight--
    }
  }) as typeof globalThis.fetch
  return { fetch, calls, maxInFlight: () => maxInFlight }
}

const urls = Array.from({ length: 40 }, (_, i) => `http://h/tiles/15/${i}/1.png`)

describe('tile downloader', () => {
  it('stores every tile with at most `concurrency` requests at once and reports progress to the end', async () => {
    const store = memoryStore()
    const s = server()
    const seen: number[] = []
    const r = await downloadTiles({ urls, store, fetch: s.fetch, concurrency: 4, onProgress: (p) => seen.push(p.done) })
    expect(r).toMatchObject({ total: 40, done: 40, stored: 40, bytes: 4000, failed: 0, aborted: false })
    expect(store.data.size).toBe(40)
    expect(s.maxInFlight()).toBe(4)
    expect(seen.at(-1)).toBe(40)
  })

  it('retries a transient failure, counts a 404 as absent, gives up after the retries', async () => {
    const absent = new Set([urls[0]!])
    const r1 = await downloadTiles({ urls: urls.slice(0, 5), store: memoryStore(), fetch: server({ absent, flaky: 2 }).fetch, retries: 2, retryDelayMs: 1 })
    expect(r1).toMatchObject({ stored: 4, absent: 1, failed: 0 })
    const r2 = await downloadTiles({ urls: urls.slice(0, 5), store: memoryStore(), fetch: server({ flaky: 5 }).fetch, retries: 2, retryDelayMs: 1 })
    expect(r2).toMatchObject({ stored: 0, failed: 5 })
  })

  it('cancel stops early; resume fetches only the tiles still missing', async () => {
    const store = memoryStore()
    const s = server({ delayMs: 5 })
    const controller = new AbortController()
    const first = await downloadTiles({
      urls,
      store,
      fetch: s.fetch,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 10) controller.abort()
      },
    })
    expect(first.aborted).toBe(true)
    expect(first.done).toBeLessThan(40)
    const kept = store.data.size
    const before = new Set(store.data.keys())
    expect(kept).toBeGreaterThanOrEqual(10)
    expect(kept).toBeLessThan(40)

    const again = server()
    const second = await downloadTiles({ urls, store, fetch: again.fetch })
    expect(second).toMatchObject({ held: kept, stored: 40 - kept, done: 40, aborted: false })
    expect(again.calls.size).toBe(40 - kept)
    for (const u of again.calls.keys()) expect(before.has(u)).toBe(false)
    expect(store.data.size).toBe(40)
  })

  it('an area run: resume adds to the bytes already saved, refresh fetches everything again', async () => {
    const ranges = rangesOf({ west: 116.46, south: 39.89, east: 116.47, north: 39.895 }, [14, 15])
    const area = { ranges, url: '/tiles/{z}/{x}/{y}.png', subdomains: [], bytes: 0 }
    const store = memoryStore()
    const controller = new AbortController()
    controller.abort()
    const paused = await runAreaDownload({ area, kind: 'download', store, base: 'http://h/', signal: controller.signal, fetch: server().fetch })
    expect(paused.status).toBe('paused')
    const done = await runAreaDownload({ area: { ...area, bytes: 0 }, kind: 'resume', store, base: 'http://h/', fetch: server().fetch })
    expect(done).toMatchObject({ status: 'complete', stored: done.tiles, bytes: done.tiles * 100 })
    const resumedAgain = server()
    const noop = await runAreaDownload({ area: { ...area, bytes: done.bytes }, kind: 'resume', store, base: 'http://h/', fetch: resumedAgain.fetch })
    expect(resumedAgain.calls.size).toBe(0)
    expect(noop.bytes).toBe(done.bytes)
    const refreshed = server()
    const fresh = await runAreaDownload({ area: { ...area, bytes: done.bytes }, kind: 'refresh', store, base: 'http://h/', fetch: refreshed.fetch })
    expect(refreshed.calls.size).toBe(done.tiles)
    expect(fresh.bytes).toBe(done.tiles * 100)
  })
})

describe('tile downloader defaults', () => {
  it('options given as undefined fall back to the defaults (the browser fetch, the usual retries)', async () => {
    const s = server({ flaky: 1 })
    const original = globalThis.fetch
    globalThis.fetch = s.fetch
    try {
      const r = await downloadTiles({ urls: urls.slice(0, 3), store: memoryStore(), fetch: undefined, retryDelayMs: 1, concurrency: undefined })
      expect(r).toMatchObject({ stored: 3, failed: 0 })
    } finally {
      globalThis.fetch = original
    }
  })
})

describe('tile downloader with a full device', () => {
  it('stops at the first quota error instead of retrying every remaining tile', async () => {
    const store = memoryStore()
    const put = store.put
    store.put = async (url, body, type) => {
      if (store.data.size >= 5) throw new DOMException('full', 'QuotaExceededError')
      await put(url, body, type)
    }
    const s = server()
    const r = await downloadTiles({ urls, store, fetch: s.fetch, concurrency: 1, retryDelayMs: 1 })
    expect(r).toMatchObject({ stored: 5, storageFull: true, aborted: false })
    expect(s.calls.size).toBe(6)
  })
})
