// The same create sent many times at once, through two app instances with their own database pools
// on PostgreSQL (as two API processes would): exactly one record, every answer the first one's, never
// a 5xx; the same id with a different body is a 409. On SQLite the requests interleave in one process.
// Every other REST create (workers, desks, shifts, leave, templates, trainings, guides, dishes, pickup
// points, subscribers, parties, zones, re-checks, users, Open311 keys, hand-entered 12345 work orders) goes through createOnce and is
// walked here one by one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { openDatabase } from '../db/database.ts'
import { createTestApp, ORIGIN, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { ANSWER_KEPT_MS } from '../http/create-once.ts'

const N = 10
let t: TestApp
let second: { app: ReturnType<typeof createApp>; close(): Promise<void> }
let meals: string
let counter: string
let coordinator: string
let admin: string

beforeAll(async () => {
  t = await createTestApp()
  if (t.deps.dialect === 'postgres') {
    const other = openDatabase(t.deps.env.DATABASE_URL)
    second = { app: createApp({ ...t.deps, db: other.db, dialect: other.dialect }), close: other.close }
  } else {
    // SQLite serves from one process (a second connection in this process would only wait on the first).
    second = { app: t.app, close: async () => undefined }
  }
  ;[meals, counter, coordinator, admin] = [await t.login('meals'), await t.login('counter'), await t.login('coordinator'), await t.login('admin')]
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

/** One REST create: who sends it, where, the table its record lands in, a fresh body and another body. */
interface Create {
  name: string
  cookie: () => string
  path: string
  table: string
  body: () => Promise<Record<string, unknown>>
  other: (body: Record<string, unknown>) => Record<string, unknown>
}

const get = async <T>(path: string, cookie: string) => (await (await t.req(path, { cookie })).json()) as T
const workerIds = async () => (await get<{ id: string; name: string }[]>('/api/counter/workers', counter)).map((w) => w.id)
const PASSWORD = 'Qiu-Yu-Hu-Tong-7-Hao'
const square = (lng: number, lat: number, d = 0.0001) => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
]

const CREATES: Create[] = [
  {
    name: 'a counter worker',
    cookie: () => counter,
    path: '/api/counter/workers',
    table: 'counter_workers',
    body: async () => ({ name: '试用社工', community_id: 'jiulongshan', home_category: 'elderly' }),
    other: (b) => ({ ...b, name: '另一位社工' }),
  },
  {
    name: 'a desk',
    cookie: () => counter,
    path: '/api/counter/desks',
    table: 'counter_desks',
    body: async () => ({ name: '九龙山 3号窗口', community_id: 'jiulongshan' }),
    other: (b) => ({ ...b, name: '九龙山 4号窗口' }),
  },
  {
    name: 'a manual shift',
    cookie: () => counter,
    path: '/api/counter/roster/assignments',
    table: 'counter_assignments',
    body: async () => {
      const desks = await get<{ id: string }[]>('/api/counter/desks', counter)
      return { date: '2026-12-15', half: 'am', counter_id: desks[0]!.id, worker_id: (await workerIds())[0]! }
    },
    other: (b) => ({ ...b, half: 'pm' }),
  },
  {
    name: 'a leave',
    cookie: () => counter,
    path: '/api/counter/leaves',
    table: 'counter_leaves',
    body: async () => ({ worker_id: (await workerIds())[1]!, start_date: '2026-12-16', end_date: '2026-12-16', half: null, reason: '事假' }),
    other: (b) => ({ ...b, reason: '病假' }),
  },
  {
    name: 'a rotating template',
    cookie: () => counter,
    path: '/api/counter/templates',
    table: 'counter_templates',
    body: async () => {
      const desks = await get<{ id: string }[]>('/api/counter/desks', counter)
      return {
        name: '试用轮值',
        cycle_weeks: 1,
        anchor_week: '2026-W51',
        entries: [{ week_index: 0, weekday: 1, half: 'am', counter_id: desks[0]!.id, worker_id: (await workerIds())[2]! }],
      }
    },
    other: (b) => ({ ...b, name: '另一个轮值' }),
  },
  {
    name: 'a training',
    cookie: () => counter,
    path: '/api/counter/trainings',
    table: 'counter_trainings',
    body: async () => {
      const [trainer, attendee] = await workerIds()
      const guide = (await get<{ id: string }[]>('/api/counter/guides', counter))[0]!.id
      const level = await t.req('/api/counter/skills', { method: 'PUT', cookie: counter, json: { worker_id: trainer, guide_id: guide, level: 3 } })
      expect(level.status).toBe(200)
      return { date: '2026-12-02', trainer_id: trainer, attendee_ids: [attendee], guide_ids: [guide], target_level: 1, notes: '' }
    },
    other: (b) => ({ ...b, notes: '另一次培训' }),
  },
  {
    name: 'a service guide',
    cookie: () => counter,
    path: '/api/counter/guides',
    table: 'counter_guides',
    body: async () => ({
      code: 'IDEM-01',
      name: '居家养老服务补贴申请',
      category: 'elderly',
      applicants: '本市户籍失能老年人',
      materials: [{ name: '居民身份证', form: 'original', copies: 1 }],
      steps: ['窗口提交材料', '街道审核'],
      statutory_days: 20,
      promised_days: 10,
      location: '社区公共办公区综合窗口',
      visits_needed: 1,
      last_verified_on: '2026-11-30',
    }),
    other: (b) => ({ ...b, name: '另一项服务' }),
  },
  {
    name: 'a dish',
    cookie: () => meals,
    path: '/api/meals/dishes',
    table: 'meal_dishes',
    body: async () => ({ name: '清蒸鲈鱼', category: 'meat', tags: ['low_salt'] }),
    other: (b) => ({ ...b, category: 'soup' }),
  },
  {
    name: 'a pickup point',
    cookie: () => meals,
    path: '/api/meals/pickup-points',
    table: 'meal_pickup_points',
    body: async () => ({ name: '广泉社区取餐点', community_id: 'guangquan', address: '广泉小区 3 号楼', opens_time: '11:00', closes_time: '12:30' }),
    other: (b) => ({ ...b, closes_time: '13:00' }),
  },
  {
    name: 'a meals subscriber',
    cookie: () => meals,
    path: '/api/meals/subscribers',
    table: 'meal_subscribers',
    body: async () => ({ name: '试用老人', phone: '13800138000', community_id: 'guangquan', consent: { service: true } }),
    other: (b) => ({ ...b, phone: '13900139000' }),
  },
  {
    name: 'a party (agreements)',
    cookie: () => coordinator,
    path: '/api/patrol/parties',
    table: 'patrol_parties',
    body: async () => ({ name: '试用商户', kind: 'merchant' }),
    other: (b) => ({ ...b, kind: 'property' }),
  },
  {
    name: 'a parking zone',
    cookie: () => coordinator,
    path: '/api/patrol/zones',
    table: 'patrol_zones',
    body: async () => ({
      name: '试用停放区',
      community_id: 'jiulongshan',
      geometry: { type: 'Polygon', coordinates: [square(116.4731, 39.8935)] },
      capacity: 20,
      vehicle_kinds: ['bicycle'],
      status: 'planned',
    }),
    other: (b) => ({ ...b, capacity: 25 }),
  },
  {
    name: 'a re-check (指派复查)',
    cookie: () => coordinator,
    path: '/api/patrol/review/rechecks',
    table: 'patrol_rechecks',
    body: async () => {
      const report = await t.deps.db.selectFrom('patrol_reports').select(['id', 'community_id']).where('status', '=', 'open').executeTakeFirstOrThrow()
      const inspectors = await get<{ id: string; community_ids: string[] }[]>('/api/patrol/review/inspectors', coordinator)
      const assignee = inspectors.find((i) => i.community_ids.includes(report.community_id))!
      return { report_id: report.id, assignee_id: assignee.id, due_at: '2026-12-03T00:00:00Z', note: '明早 8 点复查' }
    },
    other: (b) => ({ ...b, note: '后天复查' }),
  },
  {
    name: 'a user',
    cookie: () => admin,
    path: '/api/admin/users',
    table: 'users',
    body: async () => ({ username: 'idem-wang', display_name: '王试用', role: 'meals', password: PASSWORD, community_ids: [] }),
    other: (b) => ({ ...b, role: 'counter' }),
  },
  {
    name: 'a 12345 work order entered by hand',
    cookie: () => coordinator,
    path: '/api/hotline/orders',
    table: 'hotline_work_orders',
    body: async () => ({ order_no: 'IDEM-0001', received_at: '2026-12-01T09:00:00+08:00', deadline_at: '2026-12-03T18:00:00+08:00', content: '测试诉求' }),
    other: (b) => ({ ...b, content: '另一条诉求' }),
  },
  {
    name: 'an Open311 key',
    cookie: () => admin,
    path: '/api/patrol/open311-keys',
    table: 'open311_keys',
    body: async () => ({ name: '12345 热线' }),
    other: (b) => ({ ...b, name: '另一个系统' }),
  },
]

const rowsWithId = async (table: string, id: string) =>
  (await (t.deps.db as any).selectFrom(table).select('id').where('id', '=', id).execute()).length as number

describe('every other REST create, sent ten times at once under one client-made id', () => {
  it.each(CREATES.map((c) => [c.name, c] as const))('%s: one record, every answer 201 and the same; another body under the id is 409', async (_, c) => {
    const body = { id: uuidv7(), ...(await c.body()) }
    const answers = await burst(c.path, 'POST', c.cookie(), body)
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(201))
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body)
    expect(answers[0]!.body.id).toBe(body.id)
    expect(await rowsWithId(c.table, body.id)).toBe(1)
    const other = await t.req(c.path, { method: 'POST', cookie: c.cookie(), json: c.other(body) })
    expect(other.status).toBe(409)
    expect(((await other.json()) as { detail: string }).detail).toBe('这个编号已用于另一项提交；请重新打开表单再提交')
    expect(await rowsWithId(c.table, body.id)).toBe(1)
  })

  it('the same body under the id from another user is 409, not their answer', async () => {
    const body = { id: uuidv7(), name: '二号密钥' }
    expect((await t.req('/api/patrol/open311-keys', { method: 'POST', cookie: admin, json: body })).status).toBe(201)
    const second = await t.login('admin')
    expect((await t.req('/api/patrol/open311-keys', { method: 'POST', cookie: second, json: body })).status).toBe(201)
    const worker = { id: uuidv7(), name: '同号社工', community_id: 'jiulongshan', home_category: 'elderly' }
    expect((await t.req('/api/counter/workers', { method: 'POST', cookie: counter, json: worker })).status).toBe(201)
    const fromAdmin = await t.req('/api/counter/workers', { method: 'POST', cookie: admin, json: worker })
    expect(fromAdmin.status).toBe(409)
    expect(((await fromAdmin.json()) as { detail: string }).detail).toBe('这个编号已用于另一项提交；请重新打开表单再提交')
  })

  it('an id that names a record made another way is 409 and changes nothing (a create never edits)', async () => {
    const [existing] = await get<{ id: string; name: string }[]>('/api/meals/subscribers', meals)
    const res = await t.req('/api/meals/subscribers', {
      method: 'POST',
      cookie: meals,
      json: { id: existing!.id, name: '改名', phone: '13800138000', community_id: 'guangquan' },
    })
    expect(res.status).toBe(409)
    expect((await get<{ id: string; name: string }>(`/api/meals/subscribers/${existing!.id}`, meals)).name).toBe(existing!.name)
    const dish = await t.deps.db.selectFrom('meal_dishes').select('id').executeTakeFirstOrThrow()
    const again = await t.req('/api/meals/dishes', { method: 'POST', cookie: meals, json: { id: dish.id, name: '重号的菜', category: 'soup' } })
    expect(again.status).toBe(409)
  })

  it("keeps no password: the new user's password is neither stored nor hashed with the request", async () => {
    const body = { id: uuidv7(), username: 'idem-li', display_name: '李试用', role: 'counter', password: PASSWORD, community_ids: [] }
    expect((await t.req('/api/admin/users', { method: 'POST', cookie: admin, json: body })).status).toBe(201)
    const row = await t.deps.db.selectFrom('create_requests').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(PASSWORD)
    expect(row.operation).toBe('POST /api/admin/users')
  })

  it('a resend more than a day later is told the create was done, and the kept answer is cleared', async () => {
    const body = { id: uuidv7(), name: '过期的菜', category: 'side' }
    const first = await t.req('/api/meals/dishes', { method: 'POST', cookie: meals, json: body })
    expect(first.status).toBe(201)
    t.clock.advance(ANSWER_KEPT_MS + 60_000)
    const fresh = await t.login('meals')
    const late = await t.req('/api/meals/dishes', { method: 'POST', cookie: fresh, json: body })
    expect(late.status).toBe(409)
    expect(((await late.json()) as { detail: string }).detail).toBe('这项提交在一天前已经完成；请刷新页面查看结果')
    // The next create clears answers past the day (an Open311 key or a resident's data kept no longer).
    expect((await t.req('/api/meals/dishes', { method: 'POST', cookie: fresh, json: { id: uuidv7(), name: '新菜', category: 'side' } })).status).toBe(201)
    const kept = await t.deps.db.selectFrom('create_requests').select('response').where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(kept.response).toBeNull()
    expect(await rowsWithId('meal_dishes', body.id)).toBe(1)
  })
})
