// New passwords are judged by a strength estimator with Chinese patterns, not only a short list: the
// probe's weak passwords, pinyin names with birthdays, mobile numbers and the demo password are refused
// through the admin API; sign-in with the demo password is refused outside demo mode.
import { afterEach, describe, expect, it } from 'vitest'
import { passwordProblem } from './password-strength.ts'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_PASSWORD } from '../db/seed/accounts.ts'

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('password strength', () => {
  it.each([
    ['password123', 'password_weak'],
    ['abc12345', 'password_weak'],
    ['qwer1234', 'password_weak'],
    ['1qaz@WSX', 'password_weak'],
    ['woaini520', 'password_weak'],
    ['lastmile-demo', 'password_demo'],
    ['LastMile_Demo', 'password_demo'],
    ['wangwei1985', 'password_name'],
    ['zhangli0312', 'password_name'],
    ['ouyangxiaoming88', 'password_name'],
    ['13812345678', 'password_personal'],
    ['Ab19850312!', 'password_personal'],
    ['hk850312', 'password_personal'],
  ])('refuses %s (%s)', (password, why) => {
    expect(passwordProblem(password, { username: 'someone' })).toBe(why)
  })

  it('refuses the account name and its pinyin, accepts strong passwords', () => {
    expect(passwordProblem('wangfang2024', { username: 'wf', display_name: '王芳' })).toBeDefined()
    expect(passwordProblem('inspector2024', { username: 'inspector' })).toBe('password_name')
    for (const ok of ['kD8#vq2Lm!', 'blue-kettle-sings-47', 'Tr0ub4dour&3x', 'a-long-secret-phrase'])
      expect(passwordProblem(ok, { username: 'someone' })).toBeUndefined()
  })
})

describe('new passwords through the admin API', () => {
  it('answers 400 with a field error naming the reason, in the asked language', async () => {
    t = await createTestApp()
    const admin = await t.login('admin')
    for (const [password, code] of [
      [DEMO_PASSWORD, 'password_demo'],
      ['password123', 'common'],
      ['abc12345', 'common'],
      ['qwer1234', 'common'],
      ['Password2024', 'password_weak'],
      ['Zhangwei!2024', 'password_name'],
      ['zw-19850312', 'password_personal'],
      ['Lastmile_Demo', 'password_demo'],
    ]) {
      const res = await t.req('/api/admin/users', {
        method: 'POST',
        cookie: admin,
        headers: { 'accept-language': 'en' },
        json: { username: 'newbie', display_name: '张伟', role: 'inspector', password, community_ids: [] },
      })
      expect(res.status, password).toBe(400)
      const body = (await res.json()) as { detail: string; errors: { path: string; code: string }[] }
      expect(
        body.errors.some((e) => e.path.endsWith('password')),
        password,
      ).toBe(true)
      // The shared list (also checked on the device) answers first for the most common ones.
      if (code !== 'common')
        expect(
          body.errors.map((e) => e.code),
          password,
        ).toEqual([code])
    }
    expect(await t.deps.db.selectFrom('users').select('id').where('username', '=', 'newbie').execute()).toEqual([])
  })
})

describe('the demo password outside demo mode', () => {
  it('opens no account when SEED_DEMO=0, and still works in demo mode', async () => {
    t = await createTestApp({ env: { SEED_DEMO: '0' } })
    const res = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: DEMO_PASSWORD } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { detail: string }).detail).toMatch(/演示密码/)
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/lm_session/)
    await t.close()
    t = await createTestApp()
    expect((await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: DEMO_PASSWORD } })).status).toBe(200)
  })
})
