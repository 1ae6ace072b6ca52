// Quick user switching at the shared counter desk: after a full sign-in a worker sets a PIN for this
// device; the device lists them and a PIN alone signs them in there (and nowhere else). Wrong PINs are
// limited per device and user with a lockout that says how long to wait; a session ends with the shift.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cookieFrom, createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const idOf = async (username: string) => (await t.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
const setPin = (session: string, pin: string, device?: string) =>
  t.req('/api/auth/pin', { method: 'PUT', cookie: [session, device].filter(Boolean).join('; '), json: { pin } })
const pinLogin = (device: string | undefined, user_id: string, pin: string, session?: string) =>
  t.req('/api/auth/pin/login', { method: 'POST', cookie: [device, session].filter(Boolean).join('; '), json: { user_id, pin } })
const listOn = async (device: string) => (await (await t.req('/api/auth/pin/users', { cookie: device })).json()) as { id: string; display_name: string }[]

/** A full sign-in of `username` on the device, then their PIN; returns the device cookie. */
async function withPin(username: string, pin: string, device?: string) {
  const session = await t.login(username)
  const res = await setPin(session, pin, device)
  expect(res.status).toBe(204)
  return device ?? cookieFrom(res, 'lm_device')
}

describe('device PIN', () => {
  it('lists the workers who set a PIN on this device and signs one in with the PIN alone, ending the previous user there', async () => {
    const device = await withPin('counter', '2580')
    await withPin('liuxiaoyan', '7391', device)
    expect((await listOn(device)).map((u) => u.display_name).sort()).toEqual(['刘晓燕', '孙社工'].sort())
    // Another device knows nobody.
    expect(await (await t.req('/api/auth/pin/users')).json()).toEqual([])

    const sun = await pinLogin(device, await idOf('counter'), '2580')
    expect(sun.status).toBe(200)
    expect(await sun.json()).toMatchObject({ username: 'counter', role: 'counter' })
    const sunSession = cookieFrom(sun, 'lm_session')
    // 刘晓燕 switches in on the same browser: 孙社工's session there ends.
    const liu = await pinLogin(device, await idOf('liuxiaoyan'), '7391', sunSession)
    expect(await liu.json()).toMatchObject({ username: 'liuxiaoyan' })
    expect((await t.req('/api/auth/me', { cookie: sunSession })).status).toBe(401)
    expect((await t.req('/api/auth/me', { cookie: cookieFrom(liu, 'lm_session') })).status).toBe(200)
  })

  it('works only on the device where it was set', async () => {
    await withPin('counter', '2580')
    const other = await withPin('liuxiaoyan', '7391')
    const res = await pinLogin(other, await idOf('counter'), '2580')
    expect(res.status).toBe(401)
    expect((await pinLogin(undefined, await idOf('counter'), '2580')).status).toBe(401)
  })

  it('locks a user’s PIN on the device after five wrong ones and says how long to wait', async () => {
    const device = await withPin('counter', '2580')
    const id = await idOf('counter')
    for (let i = 0; i < 5; i++) {
      const wrong = await pinLogin(device, id, `100${i}`)
      expect(wrong.status).toBe(401)
      expect(((await wrong.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('pin')
    }
    const locked = await pinLogin(device, id, '2580')
    expect(locked.status).toBe(429)
    const wait = Number(locked.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/^PIN 错误次数过多，请 \d+ 分( \d+ 秒|钟)后再试/)
    // The lock is per device and user: the password still works, and after the wait the PIN does.
    expect((await t.req('/api/auth/login', { method: 'POST', json: { username: 'counter', password: 'lastmile-demo' } })).status).toBe(200)
    t.clock.advance(wait * 1000)
    expect((await pinLogin(device, id, '2580')).status).toBe(200)
  })

  it('refuses weak or malformed PINs, other roles, and PINs of disabled or reset users', async () => {
    const session = await t.login('counter')
    expect((await setPin(session, '1234')).status).toBe(400)
    expect((await setPin(session, '0000')).status).toBe(400)
    expect((await setPin(session, '12a4')).status).toBe(400)
    expect((await setPin(await t.login('inspector'), '2580')).status).toBe(403)

    const device = await withPin('counter', '2580')
    await withPin('liuxiaoyan', '7391', device)
    const admin = await t.login('admin')
    await t.req(`/api/admin/users/${await idOf('counter')}`, { method: 'PATCH', cookie: admin, json: { disabled: true } })
    await t.req(`/api/admin/users/${await idOf('liuxiaoyan')}/password-reset`, { method: 'POST', cookie: admin })
    expect(await listOn(device)).toEqual([])
    expect((await pinLogin(device, await idOf('liuxiaoyan'), '7391')).status).toBe(401)
  })
})

describe('counter sessions and the visit log', () => {
  it('ends a counter worker’s session at the end of their shift, and records the signed-in worker on a visit', async () => {
    // 10:00 in Beijing on a weekday: the session ends at the latest by the counter's closing time.
    const cookie = await t.login('mali')
    const me = (await (await t.req('/api/auth/me', { cookie })).json()) as { id: string; session_expires_at: string }
    const session = await t.deps.db.selectFrom('sessions').select('absolute_expires_at').where('user_id', '=', me.id).executeTakeFirstOrThrow()
    const close = Date.parse(`${new Date(t.clock.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T17:30:00+08:00`)
    expect(Date.parse(session.absolute_expires_at)).toBeLessThanOrEqual(close)
    expect(Date.parse(session.absolute_expires_at)).toBeGreaterThan(t.clock.now.getTime())

    const workers = (await (await t.req('/api/counter/workers', { cookie })).json()) as { id: string; name: string; user_id: string | null }[]
    const mine = workers.find((w) => w.user_id === me.id)
    expect(mine?.name).toBe('马丽')
    const guides = (await (await t.req('/api/counter/guides', { cookie })).json()) as { id: string }[]
    const visit = { id: uuidv7(), community_id: 'jiulongshan', guide_ids: [guides[0]!.id], worker_id: mine!.id, outcome: 'informed' }
    expect((await t.req('/api/counter/visits', { method: 'POST', cookie, json: visit })).status).toBe(201)
    const row = await t.deps.db.selectFrom('counter_visits').select(['worker_id', 'created_by']).where('id', '=', visit.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ worker_id: mine!.id, created_by: me.id })

    // Past the end of the shift the session is gone.
    t.clock.advance(close - t.clock.now.getTime() + 1000)
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(401)
  })

  it('keeps the usual absolute limit for other roles', async () => {
    await t.login('inspector')
    const id = await idOf('inspector')
    const session = await t.deps.db.selectFrom('sessions').select('absolute_expires_at').where('user_id', '=', id).executeTakeFirstOrThrow()
    expect(Date.parse(session.absolute_expires_at)).toBe(t.clock.now.getTime() + t.deps.env.SESSION_ABSOLUTE_HOURS * 3_600_000)
  })
})
