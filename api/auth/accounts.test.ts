// Account management by the admin: disable and re-enable, a new role or communities, a password reset
// with a one-time temporary password that must be changed at the next sign-in. Each is audited, and
// each ends the user's sessions where it should.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cookieFrom, createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_PASSWORD } from '../db/seed/accounts.ts'

let t: TestApp
let admin: string
beforeEach(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
})
afterEach(() => t.close())

const idOf = async (username: string) => (await t.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
const patch = (id: string, json: unknown, cookie = admin) => t.req(`/api/admin/users/${id}`, { method: 'PATCH', cookie, json })
const me = (cookie: string) => t.req('/api/auth/me', { cookie })
const password = (username: string, pw: string) => t.req('/api/auth/login', { method: 'POST', json: { username, password: pw } })
const auditOf = (id: string) =>
  t.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'before_json as before', 'after_json as after'])
    .where('entity', '=', 'user')
    .where('entity_id', '=', id)
    .orderBy('id')
    .execute()

describe('admin: changing a user', () => {
  it('disables a user (sessions end, sign-in refused) and enables them again, audited both times', async () => {
    const inspector = await t.login('inspector')
    const id = await idOf('inspector')
    const off = await patch(id, { disabled: true })
    expect(off.status).toBe(200)
    expect(await off.json()).toMatchObject({ username: 'inspector', disabled: true })
    expect((await me(inspector)).status).toBe(401)
    expect((await password('inspector', DEMO_PASSWORD)).status).toBe(401)
    expect(await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).toEqual([])

    const on = await patch(id, { disabled: false })
    expect(await on.json()).toMatchObject({ disabled: false })
    expect((await password('inspector', DEMO_PASSWORD)).status).toBe(200)
    const adminId = await idOf('admin')
    const log = await auditOf(id)
    expect(log.map((l) => [l.action, l.actor_id])).toEqual([
      ['create', null],
      ['disable', adminId],
      ['enable', adminId],
    ])
    expect(JSON.parse(log[1]!.after!)).toEqual({ username: 'inspector', disabled: true })
  })

  it('changes role (sessions end) and communities (sessions stay, the new scope applies at once)', async () => {
    const id = await idOf('inspector2')
    const cookie = await t.login('inspector2')
    const moved = await patch(id, { community_ids: ['jiulongnan', 'guangquan', 'jiulongnan'] })
    expect(await moved.json()).toMatchObject({ community_ids: ['guangquan', 'jiulongnan'] })
    const still = await me(cookie)
    expect(still.status).toBe(200)
    expect(((await still.json()) as { communities: { id: string }[] }).communities.map((c) => c.id)).toEqual(['guangquan', 'jiulongnan'])

    const promoted = await patch(id, { role: 'meals' })
    expect(await promoted.json()).toMatchObject({ role: 'meals' })
    expect((await me(cookie)).status).toBe(401)
    const log = await auditOf(id)
    expect(log.map((l) => l.action)).toEqual(['create', 'update', 'update'])
    expect(JSON.parse(log[1]!.before!)).toEqual({ username: 'inspector2', community_ids: ['guangquan'] })
    expect(JSON.parse(log[2]!.after!)).toEqual({ username: 'inspector2', role: 'meals' })
  })

  it('refuses unknown communities, an empty change, unknown users, non-admins and locking oneself out', async () => {
    const id = await idOf('inspector')
    const bad = await patch(id, { community_ids: ['nowhere'] })
    expect(bad.status).toBe(400)
    expect((await patch(id, {})).status).toBe(400)
    expect((await patch(id, { role: 'boss' })).status).toBe(400)
    expect((await patch('01900000-0000-7000-8000-000000000000', { disabled: true })).status).toBe(404)
    const coordinator = await t.login('coordinator')
    expect((await patch(id, { disabled: true }, coordinator)).status).toBe(403)
    const self = await idOf('admin')
    const lockout = await patch(self, { disabled: true })
    expect(lockout.status).toBe(409)
    expect(((await lockout.json()) as { detail: string }).detail).toMatch(/另一位管理员/)
    expect((await patch(self, { role: 'inspector' })).status).toBe(409)
    // Renaming oneself is fine.
    expect((await patch(self, { display_name: '信息科' })).status).toBe(200)
  })
})

describe('admin: password reset', () => {
  it('gives a one-time temporary password that opens only the change step; the new password then works', async () => {
    const id = await idOf('meals')
    const old = await t.login('meals')
    const reset = await t.req(`/api/admin/users/${id}/password-reset`, { method: 'POST', cookie: admin })
    expect(reset.status).toBe(200)
    const { temporary_password } = (await reset.json()) as { temporary_password: string }
    expect(temporary_password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    // Sessions end; the old password no longer works.
    expect((await me(old)).status).toBe(401)
    expect((await password('meals', DEMO_PASSWORD)).status).toBe(401)

    const signIn = await password('meals', temporary_password)
    expect(signIn.status).toBe(200)
    expect(await signIn.json()).toMatchObject({ username: 'meals', must_change_password: true })
    const temp = cookieFrom(signIn, 'lm_session')
    // Nothing but the change step (and who am I).
    expect(await (await me(temp)).json()).toMatchObject({ must_change_password: true })
    const blocked = await t.req('/api/meals/subscribers', { cookie: temp })
    expect(blocked.status).toBe(403)
    expect(((await blocked.json()) as { detail: string }).detail).toBe('请先修改临时密码')
    // One time: the temporary password does not open a second session.
    expect((await password('meals', temporary_password)).status).toBe(401)

    const weak = await t.req('/api/auth/password', { method: 'POST', cookie: temp, json: { new_password: 'password' } })
    expect(weak.status).toBe(400)
    const changed = await t.req('/api/auth/password', { method: 'POST', cookie: temp, json: { new_password: 'noodles-at-noon-42' } })
    expect(changed.status).toBe(200)
    expect((await changed.json()) as object).not.toHaveProperty('must_change_password')
    expect((await t.req('/api/meals/subscribers', { cookie: temp })).status).toBe(200)
    expect((await password('meals', 'noodles-at-noon-42')).status).toBe(200)
    const log = await auditOf(id)
    expect(log.map((l) => l.action)).toEqual(['create', 'password_reset', 'password_changed'])
    expect(JSON.stringify(log)).not.toContain(temporary_password)
  })

  it('asks for the current password in an ordinary session, and ends the other sessions', async () => {
    const a = await t.login('inspector')
    const b = await t.login('inspector')
    const wrong = await t.req('/api/auth/password', { method: 'POST', cookie: a, json: { current_password: 'nope', new_password: 'patrol-the-lanes-9' } })
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('current_password')
    const ok = await t.req('/api/auth/password', { method: 'POST', cookie: a, json: { current_password: DEMO_PASSWORD, new_password: 'patrol-the-lanes-9' } })
    expect(ok.status).toBe(200)
    expect((await me(a)).status).toBe(200)
    expect((await me(b)).status).toBe(401)
  })

  it('refuses to reset the admin’s own password or an unknown user', async () => {
    expect((await t.req(`/api/admin/users/${await idOf('admin')}/password-reset`, { method: 'POST', cookie: admin })).status).toBe(409)
    expect((await t.req('/api/admin/users/01900000-0000-7000-8000-000000000000/password-reset', { method: 'POST', cookie: admin })).status).toBe(404)
  })
})
