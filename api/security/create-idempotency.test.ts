// The same create sent many times at once, through two app instances with their own database pools
// on PostgreSQL (as two API processes would): exactly one record, every answer the first one's, never
// a 5xx; the same id with a different body is a 409. On SQLite the requests interleave in one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { openDatabase } from '../db/database.ts'
import { createTestApp, ORIGIN, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

const N = 10
let t: TestApp
let second: { app: ReturnType<typeof createApp>; close(): Promise<void> }
let meals: string
let counter: string

beforeAll(async () => {
  t = await createTestApp()
  if (t.deps.dialect === 'postgres') {
    const other = openDatabase(t.deps.env.DATABASE_URL)
    second = { app: createApp({ ...t.deps, db: other.db, dialect: other.dialect }), close: other.close }
  } else {
    // SQLite serves from one process (a second connection in this process would only wait on the first).
    second = { app: t.app, close: async () => undefined }
  }
  ;[meals, counter] = [await t.login('meals'), await t.login('counter')]
})
afterAll(async () => {
  await second.close()
  await t.close()
})

/** The i-th of N identical requests, alternating between the two instances. */
function send(i: number, path: string, method: string, cookie: string, json: unknown): Promise<Response> {
  if (i % 2 === 0) return t.req(path, { method, cookie, json })
  const headers = { cookie, origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.2' }
  return Promise.resolve(second.app.request(path, { method, headers, body: JSON.stringify(json) }))
}
async function burst(path: string, method: string, cookie: string, json: unknown) {
  const answers = await Promise.all(Array.from({ length: N }, (_, i) => send(i, path, method, cookie, json)))
  return Promise.all(answers.map(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })))
}
const changes = async (entityId: string) => (await t.deps.db.selectFrom('change_log').select('seq').where('entity_id', '=', entityId).execute()).length

describe('a create sent twice at once', () => {
  it('a ticket sale: one sale, every answer 201 with the same receipt; another sale under the id is 409', async () => {
    const subscribers = (await (await t.req('/api/meals/subscribers', { cookie: meals })).json()) as { id: string }[]
    const sale = { id: uuidv7(), subscriber_id: subscribers[0]!.id, week: '2026-W50', lines: [{ date: '2026-12-08', sets: 1 }] }
    const answers = await burst('/api/meals/sales', 'POST', meals, sale)
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(201))
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body)
    expect(await t.deps.db.selectFrom('meal_sales').select('id').where('id', '=', sale.id).execute()).toHaveLength(1)
    expect(await changes(sale.id)).toBe(1)
    const other = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: { ...sale, lines: [{ date: '2026-12-08', sets: 2 }] } })
    expect(other.status).toBe(409)
  })

  it('a pickup check-off: one row at version 1, every answer the same', async () => {
    const today = '2026-12-02'
    const list = (await (await t.req(`/api/meals/pickups/${today}`, { cookie: meals })).json()) as { rows: { subscriber_id: string; picked: boolean }[] }
    const row = list.rows.find((r) => !r.picked)!
    const put = { id: uuidv7(), date: today, subscriber_id: row.subscriber_id, picked: true }
    const answers = await burst('/api/meals/pickups', 'PUT', meals, put)
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200))
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body)
    expect(answers[0]!.body).toMatchObject({ id: put.id, version: 1, picked: true })
    const rows = await t.deps.db.selectFrom('meal_pickups').selectAll().where('date', '=', today).where('subscriber_id', '=', row.subscriber_id).execute()
    expect(rows).toHaveLength(1)
    expect(await changes(put.id)).toBe(1)
  })

  it('a counter visit: one visit, one 201 and the rest 200 with the same record; another visit under the id is 409', async () => {
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string }[]
    const guides = (await (await t.req('/api/counter/guides', { cookie: counter })).json()) as { id: string }[]
    const visit = { id: uuidv7(), community_id: 'jiulongshan', guide_ids: [guides[0]!.id], worker_id: workers[0]!.id, outcome: 'informed', duration_min: 8 }
    const answers = await burst('/api/counter/visits', 'POST', counter, visit)
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(N - 1).fill(200), 201])
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body)
    expect(await t.deps.db.selectFrom('counter_visits').select('id').where('id', '=', visit.id).execute()).toHaveLength(1)
    const other = await t.req('/api/counter/visits', { method: 'POST', cookie: counter, json: { ...visit, outcome: 'resolved' } })
    expect(other.status).toBe(409)
  })
})
