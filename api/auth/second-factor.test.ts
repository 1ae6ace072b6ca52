// The TOTP second factor end to end over HTTP: the two-step sign-in, replay, throttling, enrolment with
// recovery codes, the admin's reset, and the role setting. Codes come from the RFC 6238 implementation
// at the test clock; the harness's t.login shortcut is not used for the account under test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cookieFrom, createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import { TOTP_STEP_SECONDS, totpCode } from './totp.ts'
import { parseEnv } from '../env.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const password = (username: string, pw = DEMO_PASSWORD, ip = '10.0.0.1') =>
  t.req('/api/auth/login', { method: 'POST', json: { username, password: pw }, headers: { 'x-forwarded-for': ip } })
const second = (challenge: string | undefined, code: string) =>
  t.req('/api/auth/totp', { method: 'POST', json: { code }, ...(challenge ? { cookie: challenge } : {}) })
const code = (secret = DEMO_TOTP_SECRET, offsetSteps = 0) => totpCode(secret, new Date(t.clock.now.getTime() + offsetSteps * TOTP_STEP_SECONDS * 1000))

const NEW_PASSWORD = 'a-long-secret-phrase'

async function challengeFor(username: string) {
  const res = await password(username, username === 'coord2' ? NEW_PASSWORD : DEMO_PASSWORD)
  expect(res.status).toBe(202)
  return { body: (await res.json()) as { second_factor: string }, cookie: cookieFrom(res, 'lm_login'), raw: res.headers.getSetCookie().join('\n') }
}

async function newCoordinator(username = 'coord2') {
  const admin = await t.login('admin')
  const res = await t.req('/api/admin/users', {
    method: 'POST',
    cookie: admin,
    json: { username, display_name: '钱协调', role: 'coordinator', password: NEW_PASSWORD },
  })
  expect(res.status).toBe(201)
  return { admin, id: ((await res.json()) as { id: string }).id }
}

describe('two-step sign-in', () => {
  it('asks a coordinator for a code after the password, and only then opens a session', async () => {
    const { body, cookie, raw } = await challengeFor('coordinator')
    expect(body).toEqual({ second_factor: 'totp' })
    expect(raw).not.toMatch(/lm_session=/)
    expect(raw).toMatch(/lm_login=.*HttpOnly/i)
    expect(raw).toMatch(/SameSite=Strict/i)
    expect(raw).toMatch(/Path=\/api\/auth/i)
    // The pending cookie is no session.
    expect((await t.req('/api/auth/me', { cookie })).status).toBe(401)

    const ok = await second(cookie, code())
    expect(ok.status).toBe(200)
    const result = (await ok.json()) as { me: { username: string; role: string }; recovery_codes?: string[] }
    expect(result.me).toMatchObject({ username: 'coordinator', role: 'coordinator' })
    expect(result.recovery_codes).toBeUndefined()
    const session = cookieFrom(ok, 'lm_session')
    expect((await t.req('/api/auth/me', { cookie: session })).status).toBe(200)
    // The pending sign-in is used up.
    expect((await second(cookie, code(DEMO_TOTP_SECRET, 1))).status).toBe(401)
  })

  it('signs an inspector straight in (their role needs no second factor)', async () => {
    const res = await password('inspector')
    expect(res.status).toBe(200)
    expect(cookieFrom(res, 'lm_session')).toMatch(/^lm_session=/)
  })

  it('refuses a code that was already used (replay), and takes the next one', async () => {
    const first = await challengeFor('coordinator')
    const used = code()
    expect((await second(first.cookie, used)).status).toBe(200)
    const again = await challengeFor('coordinator')
    const replay = await second(again.cookie, used)
    expect(replay.status).toBe(400)
    const problem = (await replay.json()) as { errors: { path: string; code: string; message: string }[] }
    // Not "wrong code": the user typed it right and only has to wait for the next one.
    expect(problem.errors[0]).toMatchObject({ path: 'code', code: 'totp_used' })
    expect(problem.errors[0]!.message).toMatch(/用过/)
    // A code that is simply wrong still says so.
    const wrong = await second(again.cookie, code() === '000000' ? '111111' : '000000')
    expect(((await wrong.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('totp_wrong')
    t.clock.advance(TOTP_STEP_SECONDS * 1000)
    expect((await second(again.cookie, code())).status).toBe(200)
  })

  it('answers a wrong code with a field error, ends the pending sign-in after five, and throttles the username', async () => {
    const { cookie } = await challengeFor('coordinator')
    const right = code()
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 4; i++) {
      const res = await second(cookie, wrong)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
      expect(((await res.json()) as { detail: string }).detail).toBe('验证码不正确')
    }
    const fifth = await second(cookie, wrong)
    expect(fifth.status).toBe(401)
    // Even the right code is too late now: the password has to be entered again.
    expect((await second(cookie, right)).status).toBe(401)
    // Five failures count against the username from this address like wrong passwords do; another
    // address is not locked out by them.
    const throttled = await password('coordinator', DEMO_PASSWORD, '10.0.0.1')
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await password('coordinator', DEMO_PASSWORD, '10.0.0.9')).status).toBe(202)
  })

  // Truly concurrent on PostgreSQL (npm run test:pg), where a read-then-write count let all twelve through.
  it('allows five guesses per pending sign-in even when they arrive all at once', async () => {
    const { cookie } = await challengeFor('coordinator')
    const right = code()
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'))
    const statuses = (await Promise.all(guesses.map((g) => second(cookie, g)))).map((r) => r.status)
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(4)
    expect(statuses.filter((s) => s === 400 || s === 401 || s === 429)).toHaveLength(12)
    expect((await second(cookie, right)).status).toBe(401)
  })

  it('lets a pending sign-in expire after five minutes', async () => {
    const { cookie } = await challengeFor('coordinator')
    t.clock.advance(5 * 60_000 + 1000)
    const res = await second(cookie, code())
    expect(res.status).toBe(401)
    expect(((await res.json()) as { detail: string }).detail).toMatch(/重新输入密码/)
  })

  it('needs the pending sign-in cookie and a well-formed code', async () => {
    expect((await second(undefined, code())).status).toBe(401)
    expect((await second('lm_login=shuangjing.forged', code())).status).toBe(401)
    const { cookie } = await challengeFor('coordinator')
    const bad = await second(cookie, '12ab')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string; message: string }[] }).errors[0]).toMatchObject({
      path: 'code',
      message: expect.stringMatching(/6 位数字/),
    })
  })

  it('does not reset the code budget when the password is entered again', async () => {
    const right = code()
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      const { cookie } = await challengeFor('coordinator')
      expect((await second(cookie, wrong)).status).toBe(400)
    }
    expect((await password('coordinator')).status).toBe(429)
  })
})

describe('enrolment and recovery codes', () => {
  it('enrols a new coordinator with a QR secret, confirms it with a code and shows ten recovery codes once', async () => {
    await newCoordinator()
    const { body, cookie } = await challengeFor('coord2')
    expect(body).toEqual({ second_factor: 'enrol' })
    // A code before any secret exists cannot pass.
    expect((await second(cookie, '123456')).status).toBe(409)

    const enrol = await t.req('/api/auth/totp/enrolment', { method: 'POST', cookie })
    expect(enrol.status).toBe(200)
    const setup = (await enrol.json()) as { secret: string; otpauth_uri: string; account: string }
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(setup.otpauth_uri).toMatch(/^otpauth:\/\/totp\//)
    expect(new URL(setup.otpauth_uri).searchParams.get('secret')).toBe(setup.secret)
    expect(setup.account).toMatch(/^coord2@/)
    // Asking again (a reload of the page) shows the same secret, not a new one.
    expect(((await (await t.req('/api/auth/totp/enrolment', { method: 'POST', cookie })).json()) as { secret: string }).secret).toBe(setup.secret)

    // A recovery code cannot stand in for the enrolment.
    expect((await second(cookie, 'abcde-fghij')).status).toBe(400)
    const done = await second(cookie, totpCode(setup.secret, t.clock.now))
    expect(done.status).toBe(200)
    const result = (await done.json()) as { me: { username: string }; recovery_codes: string[] }
    expect(result.me.username).toBe('coord2')
    expect(result.recovery_codes).toHaveLength(10)
    expect(new Set(result.recovery_codes).size).toBe(10)
    for (const c of result.recovery_codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
    // Only hashes are kept.
    const stored = await t.deps.db.selectFrom('user_recovery_codes').select('code_hash').execute()
    expect(stored.map((r) => r.code_hash)).not.toContain(result.recovery_codes[0])

    // Next time: a code, and no second enrolment.
    const next = await challengeFor('coord2')
    expect(next.body).toEqual({ second_factor: 'totp' })
    expect((await t.req('/api/auth/totp/enrolment', { method: 'POST', cookie: next.cookie })).status).toBe(409)

    // A recovery code signs in once (any case, with or without the dash), and never again.
    const rc = result.recovery_codes[3]!
    expect((await second(next.cookie, rc.toUpperCase().replace('-', ''))).status).toBe(200)
    const later = await challengeFor('coord2')
    expect((await second(later.cookie, rc)).status).toBe(400)

    const admin = await t.login('admin')
    const audit = (await (await t.req('/api/admin/audit?entity=user', { cookie: admin })).json()) as { items: { action: string; after: unknown }[] }
    const actions = audit.items.map((i) => i.action)
    expect(actions).toEqual(expect.arrayContaining(['totp_enrolled', 'recovery_code_used']))
    expect(JSON.stringify(audit.items)).not.toContain(setup.secret)
    expect(JSON.stringify(audit.items)).not.toContain(rc)
    const users = (await (await t.req('/api/admin/users', { cookie: admin })).json()) as { username: string; totp_enrolled: boolean }[]
    expect(users.find((u) => u.username === 'coord2')!.totp_enrolled).toBe(true)
    expect(users.find((u) => u.username === 'inspector')!.totp_enrolled).toBe(false)
  })

  it('lets an admin reset a lost authenticator: sessions end and the user enrols again', async () => {
    const { admin, id } = await newCoordinator()
    const { cookie } = await challengeFor('coord2')
    const setup = (await (await t.req('/api/auth/totp/enrolment', { method: 'POST', cookie })).json()) as { secret: string }
    const session = cookieFrom(await second(cookie, totpCode(setup.secret, t.clock.now)), 'lm_session')
    expect((await t.req('/api/auth/me', { cookie: session })).status).toBe(200)

    const coordinator = await t.login('coordinator')
    expect((await t.req(`/api/admin/users/${id}/totp`, { method: 'DELETE', cookie: coordinator })).status).toBe(403)
    expect((await t.req(`/api/admin/users/${id}/totp`, { method: 'DELETE', cookie: admin })).status).toBe(204)
    expect((await t.req('/api/auth/me', { cookie: session })).status).toBe(401)
    expect((await challengeFor('coord2')).body).toEqual({ second_factor: 'enrol' })
    expect((await t.req('/api/admin/users/0190a0b0-0000-7000-8000-000000000000/totp', { method: 'DELETE', cookie: admin })).status).toBe(404)
    const audit = (await (await t.req('/api/admin/audit?entity=user', { cookie: admin })).json()) as { items: { action: string; entity_id: string }[] }
    expect(audit.items.find((i) => i.action === 'totp_reset')?.entity_id).toBe(id)
  })
})

describe('TOTP_REQUIRED_ROLES', () => {
  it('defaults to coordinator and admin, accepts none, and names an unknown role', () => {
    expect(parseEnv({}).TOTP_REQUIRED_ROLES).toEqual(['coordinator', 'admin'])
    expect(parseEnv({ TOTP_REQUIRED_ROLES: 'none' }).TOTP_REQUIRED_ROLES).toEqual([])
    expect(parseEnv({ TOTP_REQUIRED_ROLES: 'admin, counter' }).TOTP_REQUIRED_ROLES).toEqual(['admin', 'counter'])
    expect(() => parseEnv({ TOTP_REQUIRED_ROLES: 'admin,boss' })).toThrow(/TOTP_REQUIRED_ROLES: unknown role boss/)
  })

  it('still asks anyone who enrolled, even when their role no longer requires it', async () => {
    const loose = await createTestApp({ env: { TOTP_REQUIRED_ROLES: 'none' } })
    try {
      const res = await loose.req('/api/auth/login', { method: 'POST', json: { username: 'coordinator', password: DEMO_PASSWORD } })
      expect(res.status).toBe(202)
      const admin = await loose.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: DEMO_PASSWORD } })
      expect(admin.status).toBe(200)
    } finally {
      await loose.close()
    }
  })
})
