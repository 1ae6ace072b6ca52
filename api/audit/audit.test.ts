// The audit log: changes made through the services land in audit_log with actor, before and after
// (secrets dropped, personal identifiers masked), and only admins read it, newest first, page by page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { redact } from './audit.ts'
import type { AuditPage } from '#domain/audit.ts'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const page = async (qs: string, cookie = admin) => (await (await t.req(`/api/admin/audit${qs}`, { cookie })).json()) as AuditPage

describe('audit log', () => {
  it('records a user created by an admin, without the password', async () => {
    const res = await t.req('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'audited', display_name: '审计测试', role: 'inspector', password: 'Quite-unusual-pass-91', community_ids: ['maoxing'] },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const { items } = await page('?entity=user')
    const entry = items.find((i) => i.entity_id === id)!
    expect(entry).toMatchObject({
      action: 'create',
      entity: 'user',
      actor_name: '系统管理员',
      before: null,
      after: { username: 'audited', role: 'inspector', community_ids: ['maoxing'] },
    })
    expect(JSON.stringify(entry)).not.toMatch(/Quite-unusual|password/)
  })

  it('records a hotspot status change with before and after', async () => {
    const hotspot = await t.deps.db.selectFrom('patrol_hotspots').select(['id', 'status']).executeTakeFirstOrThrow()
    const coordinator = await t.login('coordinator')
    const next = hotspot.status === 'watching' ? 'negotiating' : 'watching'
    const res = await t.req(`/api/patrol/hotspots/${hotspot.id}/status`, { method: 'POST', cookie: coordinator, json: { status: next, note: '协调会后观察' } })
    expect(res.status).toBeLessThan(300)
    const { items } = await page(`?entity=hotspot&entity_id=${hotspot.id}`)
    expect(items[0]).toMatchObject({
      action: 'status',
      actor_name: '赵协调',
      before: { status: hotspot.status },
      after: { status: next, note: '协调会后观察' },
    })
  })

  it('is for admins only', async () => {
    for (const role of ['inspector', 'coordinator', 'counter', 'meals']) {
      expect((await t.req('/api/admin/audit', { cookie: await t.login(role) })).status).toBe(403)
    }
    expect((await t.req('/api/admin/audit')).status).toBe(401)
  })

  it('pages newest first with a keyset cursor', async () => {
    const first = await page('?limit=2')
    expect(first.items).toHaveLength(2)
    expect(first.next).toBe(first.items[1]!.id)
    const second = await page(`?limit=2&before=${first.next}`)
    expect(second.items[0]!.id < first.items[1]!.id).toBe(true)
    expect(first.items[0]!.at >= first.items[1]!.at).toBe(true)
    expect((await t.req('/api/admin/audit?limit=0', { cookie: admin })).status).toBe(400)
  })

  it('drops secrets and masks personal identifiers', () => {
    expect(redact({ name: '张三', password_hash: 'x', phone: '13800138000', nested: { totp_secret: 's', id_number: '110105194901011234' } })).toEqual({
      name: '张三',
      phone: '1***00',
      nested: { id_number: '1***34' },
    })
  })
})
