import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_ACCOUNTS } from '../db/seed/accounts.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' } })
})
afterEach(() => t.close())

describe('sign-in', () => {
  it('signs each demo account without a second factor in with an HttpOnly session cookie and reports who it is', async () => {
    for (const a of DEMO_ACCOUNTS.filter((d) => d.role !== 'coordinator' && d.role !== 'admin')) {
      const res = await t.req('/api/auth/login', { method: 'POST', json: { username: a.username, password: 'lastmile-demo' } })
      expect(res.status).toBe(200)
      const cookie = res.headers.get('set-cookie') ?? ''
      expect(cookie).toMatch(/^lm_session=shuangjing\./)
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/SameSite=Lax/i)
      const me = await res.json()
      expect(me).toMatchObject({ username: a.username, role: a.role, subdistrict_id: 'shuangjing' })
      const again = await t.req('/api/auth/me', { cookie: cookie.split(';')[0] })
      expect(again.status).toBe(200)
      expect((await again.json()).username).toBe(a.username)
    }
  })

  it('scopes an inspector to their communities and gives a coordinator the whole subdistrict', async () => {
    const insp = await (await t.req('/api/auth/me', { cookie: await t.login('inspector') })).json()
    expect(insp.communities.map((c: { id: string }) => c.id).sort()).toEqual(['jiulongnan', 'jiulongshan'])
    const coord = await (await t.req('/api/auth/me', { cookie: await t.login('coordinator') })).json()
    expect(coord.communities).toHaveLength(4)
  })

  it('answers a wrong password and an unknown user with the same generic 401 problem', async () => {
    const wrong = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'nope-nope' } })
    const unknown = await t.req('/api/auth/login', { method: 'POST', json: { username: 'ghost', password: 'nope-nope' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/)
    const [a, b] = [await wrong.json(), await unknown.json()]
    expect(a.detail).toBe(b.detail)
    expect(a.detail).toBe('用户名或密码不正确')
    expect(wrong.headers.get('set-cookie')).toBeNull()
  })

  it('throttles repeated failures per username with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'wrong-' + i } })
      expect(r.status).toBe(401)
    }
    const blocked = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'lastmile-demo' } })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another user from another address is not affected.
    const other = await t.req('/api/auth/login', {
      method: 'POST',
      json: { username: 'meals', password: 'lastmile-demo' },
      headers: { 'x-forwarded-for': '10.0.0.2' },
    })
    expect(other.status).toBe(200)
    t.clock.advance(16 * 60_000)
    const later = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'lastmile-demo' } })
    expect(later.status).toBe(200)
  })

  it('counts password guesses that arrive all at once: at most five get an answer', async () => {
    const tries = Array.from({ length: 12 }, (_, i) => t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: `parallel-${i}` } }))
    const statuses = (await Promise.all(tries)).map((r) => r.status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7)
    expect((await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'lastmile-demo' } })).status).toBe(429)
  })

  it('throttles failures per IP across usernames', async () => {
    let last = 0
    for (let i = 0; i < 31; i++) {
      const r = await t.req('/api/auth/login', {
        method: 'POST',
        json: { username: `user${i}`, password: 'wrong-pass' },
        headers: { 'x-forwarded-for': '10.9.9.9' },
      })
      last = r.status
    }
    expect(last).toBe(429)
  })
})

describe('sessions', () => {
  it('ends a session after the idle timeout', async () => {
    const cookie = await t.login('inspector')
    t.clock.advance(29 * 60_000)
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(200)
    t.clock.advance(29 * 60_000) // still alive: the previous request slid the idle window
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(200)
    t.clock.advance(31 * 60_000)
    const res = await t.req('/api/auth/me', { cookie })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
  })

  it('ends a session at the absolute timeout even when used all along', async () => {
    const cookie = await t.login('inspector')
    for (let i = 0; i < 4; i++) {
      t.clock.advance(25 * 60_000)
      expect((await t.req('/api/auth/me', { cookie })).status).toBe(200)
    }
    t.clock.advance(25 * 60_000) // 125 min > 2 h absolute
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(401)
  })

  it('logs out one session, and "sign out everywhere" ends them all', async () => {
    const a = await t.login('inspector')
    const b = await t.login('inspector')
    const c = await t.login('inspector')
    expect((await t.req('/api/auth/logout', { method: 'POST', cookie: a })).status).toBe(204)
    expect((await t.req('/api/auth/me', { cookie: a })).status).toBe(401)
    expect((await t.req('/api/auth/me', { cookie: b })).status).toBe(200)
    expect((await t.req('/api/auth/logout-all', { method: 'POST', cookie: b })).status).toBe(204)
    expect((await t.req('/api/auth/me', { cookie: c })).status).toBe(401)
  })

  it('rejects a forged cookie', async () => {
    expect((await t.req('/api/auth/me', { cookie: 'lm_session=shuangjing.forged' })).status).toBe(401)
    expect((await t.req('/api/auth/me', { cookie: 'lm_session=garbage' })).status).toBe(401)
  })
})

describe('CSRF and role guard', () => {
  it('refuses a cookie-authenticated write from another origin', async () => {
    const cookie = await t.login('admin')
    const res = await t.req('/api/admin/users', {
      method: 'POST',
      cookie,
      headers: { origin: 'https://evil.example' },
      json: { username: 'mallory', display_name: 'M', role: 'admin', password: 'a-long-password-1' },
    })
    expect(res.status).toBe(403)
    expect((await res.json()).type).toMatch(/csrf/)
    const list = await (await t.req('/api/admin/users', { cookie })).json()
    expect(list.map((u: { username: string }) => u.username)).not.toContain('mallory')
  })

  it('lets only admins manage users', async () => {
    const body = { username: 'newbie', display_name: '新人', role: 'inspector', password: 'a-long-password-1', community_ids: ['maoxing'] }
    expect((await t.req('/api/admin/users')).status).toBe(401)
    for (const role of ['inspector', 'coordinator', 'counter', 'meals']) {
      const cookie = await t.login(role)
      expect((await t.req('/api/admin/users', { cookie })).status).toBe(403)
      expect((await t.req('/api/admin/users', { method: 'POST', cookie, json: body })).status).toBe(403)
    }
    const admin = await t.login('admin')
    const created = await t.req('/api/admin/users', { method: 'POST', cookie: admin, json: body })
    expect(created.status).toBe(201)
    expect((await t.req('/api/auth/login', { method: 'POST', json: { username: 'newbie', password: 'a-long-password-1' } })).status).toBe(200)
  })

  it('refuses weak passwords and duplicate usernames with field errors', async () => {
    const admin = await t.login('admin')
    const weak = await t.req('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'weak', display_name: 'W', role: 'meals', password: 'password1' },
    })
    expect(weak.status).toBe(400)
    expect((await weak.json()).errors).toEqual([expect.objectContaining({ path: 'password', message: '密码过于常见，请换一个' })])
    const dup = await t.req('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'inspector', display_name: 'X', role: 'meals', password: 'a-long-password-1' },
    })
    expect(dup.status).toBe(409)
  })
})
