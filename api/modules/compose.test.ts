// The app is what its module list says: a module left out has no routes, no sync entities and no
// seed; two modules claiming one entity, message key or name fail at start, not at the first request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { PushResponse } from '#domain/sync.ts'
import { MODULES, withModules } from './index.ts'
import { patrolModule } from './patrol/index.ts'
import { mealsModule } from './meals/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ modules: [patrolModule] })
})
afterAll(() => t.close())

describe('modules composed from a list', () => {
  it('serves, syncs and seeds only the listed modules', async () => {
    const admin = await t.login('admin')
    expect((await t.req('/api/patrol/reports', { cookie: admin })).status).toBe(200)
    expect((await t.req('/api/meals/dishes', { cookie: admin })).status).toBe(404)
    expect((await t.req('/api/counter/guides', { cookie: admin })).status).toBe(404)
    expect(t.deps.entities.names().sort()).toEqual(['agreement', 'compliance_check', 'observation', 'operator_clearing', 'recheck', 'report'])
    const sale = { id: uuidv7(), entity: 'meal_sale', entity_id: uuidv7(), op: 'put', base_version: null, data: {}, client_time: '2026-12-02T01:59:00Z' }
    const res = await t.req('/api/sync/push', { method: 'POST', cookie: admin, json: { device_id: 'phone-1', mutations: [sale] } })
    expect(((await res.json()) as PushResponse).results[0]).toMatchObject({ status: 'rejected', reason: '未知的数据类型' })
    const dishes = await t.deps.db.selectFrom('meal_dishes').select('id').execute()
    expect(dishes).toEqual([])
    expect((await t.deps.db.selectFrom('patrol_reports').select('id').limit(1).execute()).length).toBe(1)
  })

  it('translates a module message only when the module is listed', () => {
    expect(t.deps.messages.translate('patrol_operator_unknown', 'en')).toBe('Unknown operator')
    expect(t.deps.messages.translate('meals_week_invalid', 'en')).toBeUndefined()
    expect(withModules(t.deps, MODULES).messages.translate('meals_week_invalid', 'en')).toMatch(/ISO week/)
  })

  it('refuses a module listed twice and an entity or message key claimed twice', () => {
    expect(() => withModules(t.deps, [mealsModule, mealsModule])).toThrow(/listed twice/)
    const copy = { ...mealsModule, name: 'meals-copy', messages: {} }
    expect(() => withModules(t.deps, [mealsModule, copy])).toThrow(/'meal_sale' is registered twice/)
    const words = { ...mealsModule, name: 'meals-words', entities: [] }
    expect(() => withModules(t.deps, [mealsModule, words])).toThrow(/'meals_week_invalid' is defined twice/)
  })
})
