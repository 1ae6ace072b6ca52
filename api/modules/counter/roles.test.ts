import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const id = uuidv7()
const READS = [
  '/api/counter/guides',
  `/api/counter/guides/${id}`,
  `/api/counter/guides/${id}/history`,
  '/api/counter/workers',
  '/api/counter/skills',
  '/api/counter/skills/history',
  '/api/counter/trainings',
  '/api/counter/desks',
  '/api/counter/settings',
  '/api/counter/templates',
  '/api/counter/roster?week=2026-W50',
  '/api/counter/coverage?week=2026-W50',
  '/api/counter/visits',
  '/api/counter/visits/stats',
]
const WRITES: [string, string][] = [
  ['POST', '/api/counter/guides'],
  ['PUT', `/api/counter/guides/${id}`],
  ['POST', `/api/counter/guides/${id}/verify`],
  ['POST', '/api/counter/desks'],
  ['POST', '/api/counter/workers'],
  ['PUT', '/api/counter/skills'],
  ['POST', '/api/counter/trainings'],
  ['PUT', '/api/counter/settings'],
  ['POST', '/api/counter/templates'],
  ['POST', `/api/counter/templates/${id}/apply`],
  ['POST', '/api/counter/roster/assignments'],
  ['DELETE', `/api/counter/roster/assignments/${id}`],
  ['POST', '/api/counter/roster/swap'],
  ['POST', '/api/counter/leaves'],
  ['DELETE', `/api/counter/leaves/${id}`],
  ['POST', '/api/counter/visits'],
]

describe('counter role matrix', () => {
  it('answers 401 without a session on every staff route, but serves the public guides', async () => {
    for (const p of READS) expect([p, (await t.req(p)).status]).toEqual([p, 401])
    for (const [m, p] of WRITES) expect([m, p, (await t.req(p, { method: m, json: {} })).status]).toEqual([m, p, 401])
    expect((await t.req('/api/counter/public/guides')).status).toBe(200)
  })

  it('refuses inspector and meals everywhere, lets the coordinator read but never write', async () => {
    for (const role of ['inspector', 'meals']) {
      const cookie = await t.login(role)
      for (const p of READS) expect([role, p, (await t.req(p, { cookie })).status]).toEqual([role, p, 403])
      for (const [m, p] of WRITES) expect([role, m, p, (await t.req(p, { method: m, cookie, json: {} })).status]).toEqual([role, m, p, 403])
    }
    const coord = await t.login('coordinator')
    for (const p of READS.filter((x) => !x.includes(id))) expect([p, (await t.req(p, { cookie: coord })).status]).toEqual([p, 200])
    for (const [m, p] of WRITES) expect([m, p, (await t.req(p, { method: m, cookie: coord, json: {} })).status]).toEqual([m, p, 403])
  })

  it('lets counter and admin past the role guard on every write (validation answers, not 403)', async () => {
    for (const role of ['counter', 'admin']) {
      const cookie = await t.login(role)
      for (const [m, p] of WRITES) {
        const status = (await t.req(p, { method: m, cookie, json: {} })).status
        expect([role, m, p, [400, 404].includes(status)]).toEqual([role, m, p, true])
      }
    }
  })
})
