// Privacy: module writes that carry residents' personal data — a meals resident with phone
// and birth date, the same refused by validation, a synced note, a masked list read — leave no trace of
// that data in the logs, which hold ids, routes and statuses only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { TEST_ENTITY } from '../test-support/testing-entity.ts'

const log: string[] = []
let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ log, env: { WRITE_LIMIT_PER_USER: '3' }, testNotes: true })
})
afterAll(() => t.close())

const PERSONAL = ['钱淑芬', '13912345678', '1946-05-01', '5号楼3单元', '患糖尿病', '110105194601012345', '孙先生手机13700001111']

describe('personal data never reaches the logs', () => {
  it('on writes, refusals, sync and throttling across modules', async () => {
    const meals = await t.login('meals')
    const created = await t.req('/api/meals/subscribers', {
      method: 'POST',
      cookie: meals,
      json: {
        name: '钱淑芬',
        phone: '13912345678',
        community_id: 'guangquan',
        building: '5号楼3单元',
        dietary_notes: '患糖尿病',
        birth_date: '1946-05-01',
        consent: { service: true, health: true },
      },
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    // Refused by validation: the problem names fields, the log must not copy the values.
    expect(
      (
        await t.req('/api/meals/subscribers', {
          method: 'POST',
          cookie: meals,
          json: { name: '钱淑芬', phone: '110105194601012345', community_id: 'guangquan' },
        })
      ).status,
    ).toBe(400)
    expect((await t.req('/api/meals/subscribers', { cookie: meals })).status).toBe(200)
    expect((await t.req(`/api/meals/subscribers/${id}/reveal`, { method: 'POST', cookie: meals })).status).toBeLessThan(500)

    const inspector = await t.login('inspector')
    const push = (text: string) =>
      t.req('/api/sync/push', {
        method: 'POST',
        cookie: inspector,
        json: {
          device_id: 'privacy',
          mutations: [
            {
              id: uuidv7(),
              entity: TEST_ENTITY,
              entity_id: uuidv7(),
              op: 'put',
              base_version: null,
              data: { community_id: 'jiulongshan', text },
              client_time: '2026-12-02T02:00:00.000Z',
            },
          ],
        },
      })
    expect((await push('孙先生手机13700001111')).status).toBe(200)
    for (let i = 0; i < 4; i++) await push('孙先生手机13700001111')

    const lines = log.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.some((l) => l.msg === 'writes_throttled')).toBe(true)
    expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(8)
    const all = log.join('\n')
    for (const value of PERSONAL) expect(all, value).not.toContain(value)
  })
})
