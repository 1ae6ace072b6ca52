// A 429 tells the page how long to wait: apiFetch carries Retry-After (seconds or an HTTP date) on the ApiError.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiFetch, retryAfter } from './http.ts'

afterEach(() => vi.unstubAllGlobals())

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfter('754')).toBe(754)
    expect(retryAfter(new Date(1_000_000 + 90_000).toUTCString(), 1_000_000)).toBe(90)
    expect(retryAfter(null)).toBeUndefined()
    expect(retryAfter('soon')).toBeUndefined()
  })

  it('is on the ApiError of a throttled sign-in', async () => {
    const problem = { type: 't', title: '操作过于频繁', status: 429, detail: '登录失败次数过多，请 12 分 34 秒后再试' }
    vi.stubGlobal(
      'fetch',
      async () => new Response(JSON.stringify(problem), { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '754' } }),
    )
    const err = await apiFetch('/api/auth/login', { json: { username: 'a', password: 'b' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(429)
    expect((err as ApiError).retryAfterSeconds).toBe(754)
  })
})
