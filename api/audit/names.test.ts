// The audit page's names: each page of the log carries the names of the records its entries mention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { audit } from './audit.ts'
import { idCandidates } from './names.ts'
import type { AuditPage } from '#domain/audit.ts'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const page = async (qs: string) => (await (await t.req(`/api/admin/audit${qs}`, { cookie: admin })).json()) as AuditPage

describe('names in the audit log', () => {
  it('collects ids from id keys, UUID values and UUID keys only', () => {
    const u = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
    const ids = idCandidates(
      { id: 'desk-1', community_ids: ['maoxing'], note: 'maoxing', days: [{ dishes: { meat: u } }], swap: { [u.replace('a5b', 'a5c')]: 'x' } },
      new Set(),
    )
    expect([...ids].sort()).toEqual(['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', u, 'desk-1', 'maoxing'].sort())
  })

  it('resolves dishes in a menu, the account a change concerns and its communities', async () => {
    const res = await t.req('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'named', display_name: '名字测试', role: 'inspector', password: 'Quite-unusual-pass-92', community_ids: ['maoxing'] },
    })
    const { id: userId } = (await res.json()) as { id: string }
    const users = await page('?entity=user')
    expect(users.items.some((i) => i.entity_id === userId)).toBe(true)
    expect(users.names[userId]).toBe('名字测试')
    const community = await t.deps.db.selectFrom('communities').select('name').where('id', '=', 'maoxing').executeTakeFirstOrThrow()
    expect(users.names.maoxing).toBe(community.name)

    const dishes = await t.deps.db.selectFrom('meal_dishes').select(['id', 'name', 'subdistrict_id']).limit(2).execute()
    expect(dishes).toHaveLength(2)
    await audit(t.deps.db, {
      actor: { id: null, subdistrict_id: dishes[0]!.subdistrict_id },
      action: 'put',
      entity: 'meal_menu',
      entity_id: '2026-W51',
      after: [{ date: '2026-12-14', dishes: { meat: dishes[0]!.id, vegetable: dishes[1]!.id, side: null } }],
      at: t.clock.now,
    })
    const menus = await page('?entity=meal_menu')
    expect(menus.names).toMatchObject({ [dishes[0]!.id]: dishes[0]!.name, [dishes[1]!.id]: dishes[1]!.name })
    expect(Object.keys(menus.names)).not.toContain('2026-W51')
  })
})
