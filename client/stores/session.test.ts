// Who is signed in, on opening the app: a signed-in page does not wait for the device database when the
// server answers first, the cached identity still opens it offline, a session the server says is gone
// leaves the cached identity expired, and a resident's device never opens its database for an identity
// it does not keep.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Me } from '#domain/auth.ts'

const device = vi.hoisted(() => ({
  cached: null as Promise<unknown> | null,
  saved: [] as unknown[],
  reads: 0,
}))
vi.mock('../db/identity.ts', () => ({
  loadIdentity: () => {
    device.reads++
    return device.cached ?? Promise.resolve(undefined)
  },
  saveIdentity: (me: unknown) => {
    device.saved.push(me)
    return Promise.resolve()
  },
  clearIdentity: () => Promise.resolve(),
}))
vi.mock('../db/clear-cache.ts', () => ({ clearCachedData: () => Promise.resolve() }))

/** The device's storage as the browser keeps it across reloads of the page. */
const storage = new Map<string, string>()
globalThis.localStorage = {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, v),
  removeItem: (k: string) => void storage.delete(k),
  clear: () => storage.clear(),
  key: (i: number) => [...storage.keys()][i] ?? null,
  get length() {
    return storage.size
  },
} as Storage

const { useSessionStore } = await import('./session.ts')

const person = (name: string): Me =>
  ({
    id: '0192f5a4-8c1e-7000-8000-0000000000aa',
    username: 'inspector',
    display_name: name,
    role: 'inspector',
    subdistrict_id: 'shuangjing',
    subdistrict_name: '双井街道',
    communities: [{ id: 'jiulongnan', name: '九龙南', center_lat: 39.89, center_lng: 116.47 }],
    session_expires_at: '2026-12-31T00:00:00.000Z',
    must_change_password: false,
  }) as unknown as Me
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' } })
const answer = (make: () => Promise<Response>) => {
  const fetch = vi.fn(make)
  vi.stubGlobal('fetch', fetch)
  return fetch
}
const flush = () => new Promise((r) => setTimeout(r, 20))
const never = <T>() => new Promise<T>(() => undefined)
/** The promise's value, or 'waiting' when it is still pending after the other work queued so far. */
const settled = <T>(p: Promise<T>) => Promise.race([p, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 50))])

beforeEach(() => {
  setActivePinia(createPinia())
  device.cached = null
  device.saved = []
  device.reads = 0
  localStorage.clear()
})

describe('session store: opening a signed-in page', () => {
  it("takes the server's identity while the device database has not answered yet", async () => {
    device.cached = never()
    answer(async () => json(200, person('王巡查')))
    const session = useSessionStore()
    expect(await settled(session.identify())).toBeUndefined()
    expect(session.me?.display_name).toBe('王巡查')
    // Kept on the device once its database answers.
    await flush()
    expect(device.saved).toHaveLength(1)
  })

  it('does not read the device database when the server answers at once', async () => {
    answer(async () => json(200, person('王巡查')))
    const session = useSessionStore()
    await session.identify()
    expect(session.me?.display_name).toBe('王巡查')
    expect(device.reads).toBe(0)
  })

  it('a server slow to answer: the cached identity opens the page', async () => {
    device.cached = Promise.resolve(person('缓存'))
    answer(() => never())
    const session = useSessionStore()
    await session.identify()
    expect(session.me?.display_name).toBe('缓存')
  })

  it('offline, the cached identity opens the page', async () => {
    device.cached = Promise.resolve(person('缓存'))
    answer(() => Promise.reject(new TypeError('Failed to fetch')))
    const session = useSessionStore()
    expect(await settled(session.identify())).toBeUndefined()
    expect(session.me?.display_name).toBe('缓存')
    expect(session.expired).toBe(false)
  })

  it('a session the server says is gone leaves the cached identity expired, whichever answers first', async () => {
    let cache!: (me: Me) => void
    device.cached = new Promise((r) => (cache = r))
    const fetch = answer(async () => json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }))
    const session = useSessionStore()
    const opening = session.identify()
    expect(await settled(opening)).toBe('waiting')
    cache(person('缓存'))
    await opening
    expect(session.me?.display_name).toBe('缓存')
    expect(session.expired).toBe(true)
    // The server was asked once: the cached identity does not ask again.
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('with nothing cached and no session, the page waits for both and finds no one', async () => {
    answer(async () => json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }))
    const session = useSessionStore()
    await session.identify()
    expect(session.me).toBeNull()
    expect(session.expired).toBe(false)
  })
})

describe("session store: residents' pages", () => {
  it('a device that keeps no identity does not read its database for one', async () => {
    const fetch = answer(async () => json(200, person('王巡查')))
    const session = useSessionStore()
    await session.restoreIfKept()
    expect(device.reads).toBe(0)
    expect(fetch).not.toHaveBeenCalled()
    expect(session.me).toBeNull()
  })

  it('a device where someone signed in reads the cached identity for the header', async () => {
    answer(async () => json(200, person('王巡查')))
    await useSessionStore().identify()
    await flush()
    setActivePinia(createPinia())
    device.cached = Promise.resolve(person('缓存'))
    const session = useSessionStore()
    await session.restoreIfKept()
    expect(device.reads).toBe(1)
    expect(session.me?.display_name).toBe('缓存')
  })
})
