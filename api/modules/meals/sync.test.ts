import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

// A phone records a sale offline inside the window and pushes it later: the server clock decides.
let t: TestApp
let meals: string
let subId: string
beforeEach(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
  subId = (await (await t.req('/api/meals/subscribers', { cookie: meals })).json())[0].id
})
afterEach(() => t.close())

const push = (cookie: string, mutations: unknown[], lang = 'zh-CN') =>
  t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-1', mutations }, headers: { 'accept-language': lang } })

const saleMutation = (entityId = uuidv7()) => ({
  id: uuidv7(),
  entity: 'meal_sale',
  entity_id: entityId,
  op: 'put',
  base_version: null,
  client_time: '2026-12-03T11:30:00Z',
  data: { subscriber_id: subId, week: '2026-W50', lines: [{ date: '2026-12-08', sets: 1, soups: 1 }], client_time: '2026-12-03T11:30:00Z' },
})

describe('meals through the sync engine', () => {
  it('applies an offline sale pushed inside the window, once, however often it is replayed', async () => {
    const m = saleMutation()
    const first = await (await push(meals, [m])).json()
    expect(first.results[0]).toMatchObject({ status: 'applied', version: 1, record: { total_fen: 4100, client_time: '2026-12-03T11:30:00Z' } })
    const again = await (await push(meals, [m])).json()
    expect(again.results[0]).toEqual(first.results[0])
    const sales = await (await t.req(`/api/meals/sales?subscriber_id=${subId}&week=2026-W50`, { cookie: meals })).json()
    expect(sales.filter((s: { id: string }) => s.id === m.entity_id)).toHaveLength(1)
  })

  it('refuses a sale recorded offline but synced after Thursday closing, with the window in the reason', async () => {
    t.clock.now = new Date('2026-12-03T12:00:01Z')
    meals = await t.login('meals')
    const m = saleMutation()
    const res = await (await push(meals, [m])).json()
    expect(res.results[0].status).toBe('rejected')
    expect(res.results[0].reason).toContain('每周一 10:00 至周四 20:00（北京时间）')
    expect(res.results[0].reason).toContain('已于 2026-12-03 20:00 停售')
    expect((await t.req(`/api/meals/sales/${m.entity_id}`, { cookie: meals })).status).toBe(404)
    const en = await (await push(meals, [saleMutation()], 'en')).json()
    expect(en.results[0].reason).toContain('closed at 2026-12-03 20:00')
  })

  it('rejects a bundle-rule breach with field errors and refuses coordinators', async () => {
    const bad = saleMutation()
    bad.data.lines = [{ date: '2026-12-08', meat: 1 } as never]
    const res = await (await push(meals, [bad])).json()
    expect(res.results[0]).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'lines.0.meat' })] })
    const coord = await (await push(await t.login('coordinator'), [saleMutation()])).json()
    expect(coord.results[0].status).toBe('rejected')
  })

  it('applies pickup check-offs and lets other phones pull them', async () => {
    const list = await (await t.req('/api/meals/pickups/2026-12-02', { cookie: meals })).json()
    const row = list.rows.find((r: { picked: boolean }) => !r.picked)
    const m = {
      id: uuidv7(),
      entity: 'meal_pickup',
      entity_id: uuidv7(),
      op: 'put',
      base_version: null,
      client_time: '2026-12-02T01:50:00Z',
      data: { date: '2026-12-02', subscriber_id: row.subscriber_id, picked: true, client_time: '2026-12-02T01:50:00Z' },
    }
    const res = await (await push(meals, [m])).json()
    expect(res.results[0]).toMatchObject({ status: 'applied', record: { picked: true, picked_at: '2026-12-02T01:50:00.000Z' } })
    const after = await (await t.req('/api/meals/pickups/2026-12-02', { cookie: meals })).json()
    expect(after.picked).toBe(list.picked + 1)
    const pulled = await (await t.req('/api/sync/pull?since=0&limit=1000', { cookie: await t.login('admin') })).json()
    expect(pulled.changes.some((c: { entity: string; entity_id: string }) => c.entity === 'meal_pickup' && c.entity_id === m.entity_id)).toBe(true)
  })
})
