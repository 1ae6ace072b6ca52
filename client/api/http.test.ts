import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { apiFetch } from './http.ts'
import { HttpError, NetworkError, ProblemError, ServerError, SignedOutError } from './errors.ts'
import { retryAfter, send } from './http-core.ts'
import { syncFetch } from '../sync/sync-fetch.ts'
import type { EngineDeps } from '../sync/types.ts'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const answer = (res: Response | Error) => vi.fn(async () => (res instanceof Error ? Promise.reject(res) : res))

afterEach(() => vi.unstubAllGlobals())

describe('the HTTP core', () => {
  it('parses an answer with its domain schema and refuses one that does not match', async () => {
    const Thing = z.object({ id: z.string(), n: z.number() })
    vi.stubGlobal('fetch', answer(json(200, { id: 'a', n: 1, extra: true })))
    expect(await apiFetch('/api/thing', { schema: Thing })).toEqual({ id: 'a', n: 1 })
    vi.stubGlobal('fetch', answer(json(200, { id: 'a', n: 'one' })))
    const e = await apiFetch('/api/thing', { schema: Thing }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ServerError)
    expect((e as ServerError).problem?.detail).toContain('n')
  })

  it('takes a schema still loading: the request goes out at once and its answer waits for the schema', async () => {
    const Thing = z.object({ id: z.string() })
    const fetch = answer(json(200, { id: 'a' }))
    vi.stubGlobal('fetch', fetch)
    let loaded: (s: typeof Thing) => void = () => {}
    const result = apiFetch('/api/thing', { schema: new Promise<typeof Thing>((r) => (loaded = r)) })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce())
    loaded(Thing)
    expect(await result).toEqual({ id: 'a' })
    vi.stubGlobal('fetch', answer(json(200, { id: 1 })))
    await expect(apiFetch('/api/thing', { schema: Promise.resolve(Thing) })).rejects.toBeInstanceOf(ServerError)
  })

  it('turns problem+json into a ProblemError with field errors, and no answer into NetworkError', async () => {
    vi.stubGlobal(
      'fetch',
      answer(json(400, { type: 'about:blank', title: 'Bad', status: 400, detail: '数据未通过校验', errors: [{ path: 'name', message: '必填', code: 'x' }] })),
    )
    const e = await apiFetch('/api/thing', { json: {} }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ProblemError)
    expect((e as ProblemError).fieldErrors).toEqual({ name: '必填' })
    expect((e as ProblemError).message).toBe('数据未通过校验')
    vi.stubGlobal('fetch', answer(new TypeError('Failed to fetch')))
    const n = await apiFetch('/api/thing').catch((x: unknown) => x)
    expect(n).toBeInstanceOf(NetworkError)
    expect(n).toBeInstanceOf(HttpError)
  })

  it('is the same core under the sync engine: one error family for both', async () => {
    const deps = (res: Response | Error) => ({ fetch: answer(res), lang: () => 'en' }) as unknown as EngineDeps
    await expect(syncFetch(deps(new TypeError('offline')), '/api/sync/pull')).rejects.toBeInstanceOf(NetworkError)
    await expect(syncFetch(deps(json(401, {})), '/api/sync/pull')).rejects.toBeInstanceOf(SignedOutError)
    await expect(syncFetch(deps(json(503, {})), '/api/sync/pull')).rejects.toBeInstanceOf(ServerError)
    const signedOut = await syncFetch(deps(json(401, {})), '/x').catch((x: unknown) => x)
    expect(signedOut).toBeInstanceOf(ProblemError)
    const f = answer(json(200, {}))
    await send(f, '/api/media/x', { method: 'PUT', body: new Blob(['x'], { type: 'image/jpeg' }) }, 'en')
    expect(f).toHaveBeenCalledWith(
      '/api/media/x',
      expect.objectContaining({ method: 'PUT', headers: expect.objectContaining({ 'content-type': 'image/jpeg', 'accept-language': 'en' }) }),
    )
  })
})

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfter('754')).toBe(754)
    expect(retryAfter(new Date(1_000_000 + 90_000).toUTCString(), 1_000_000)).toBe(90)
    expect(retryAfter(null)).toBeUndefined()
    expect(retryAfter('soon')).toBeUndefined()
  })

  it('is on the ProblemError of a throttled sign-in', async () => {
    const problem = { type: 't', title: '操作过于频繁', status: 429, detail: '登录失败次数过多，请 12 分 34 秒后再试' }
    vi.stubGlobal(
      'fetch',
      async () => new Response(JSON.stringify(problem), { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '754' } }),
    )
    const err = await apiFetch('/api/auth/login', { json: { username: 'a', password: 'b' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProblemError)
    expect((err as ProblemError).status).toBe(429)
    expect((err as ProblemError).retryAfterSeconds).toBe(754)
  })
})
