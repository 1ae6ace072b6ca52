import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
const cookies: Record<string, string> = {}
let subId = ''
beforeAll(async () => {
  t = await createTestApp()
  for (const r of ['inspector', 'coordinator', 'counter', 'meals', 'admin']) cookies[r] = await t.login(r)
  subId = (await (await t.req('/api/meals/subscribers', { cookie: cookies.meals })).json())[0].id
})
afterAll(() => t.close())

describe('role boundaries', () => {
  const reads = [
    '/api/meals/kitchen/2026-12-02',
    '/api/meals/reports/2026-W49',
    '/api/meals/pickups/2026-12-02',
    '/api/meals/menus/2026-W50',
    '/api/meals/prices/2026-W50',
    '/api/meals/window',
    '/api/meals/dishes',
    '/api/meals/pickup-points',
  ]
  const manageOnlyReads = ['/api/meals/subscribers', '/api/meals/sales?week=2026-W50']

  it('lets meals and admin manage, coordinators read reports, and refuses inspector and counter', async () => {
    for (const path of [...reads, ...manageOnlyReads]) {
      expect((await t.req(path)).status, `anon ${path}`).toBe(401)
      for (const role of ['inspector', 'counter']) expect((await t.req(path, { cookie: cookies[role] })).status, `${role} ${path}`).toBe(403)
      for (const role of ['meals', 'admin']) expect((await t.req(path, { cookie: cookies[role] })).status, `${role} ${path}`).toBe(200)
    }
    for (const path of reads) expect((await t.req(path, { cookie: cookies.coordinator })).status, `coordinator ${path}`).toBe(200)
    for (const path of manageOnlyReads) expect((await t.req(path, { cookie: cookies.coordinator })).status, `coordinator ${path}`).toBe(403)
  })

  it('refuses writes from every role but meals and admin, recording nothing', async () => {
    const writes: [string, string, unknown][] = [
      ['POST', '/api/meals/sales', { id: uuidv7(), subscriber_id: subId, week: '2026-W50', lines: [{ date: '2026-12-07', sets: 1 }] }],
      ['POST', '/api/meals/dishes', { name: '试菜', category: 'side', tags: [] }],
      ['PUT', '/api/meals/prices/2026-W51', { set_fen: 1, box_fen: 1, rice_fen: 1, bun_pair_fen: 1, soup_fen: 1 }],
      ['POST', '/api/meals/menus/2026-W50/publish', undefined],
      ['POST', '/api/meals/subscribers', { name: '某', phone: '13800138000', community_id: 'guangquan', consent: { service: true } }],
      ['POST', `/api/meals/subscribers/${subId}/reveal`, undefined],
      ['PUT', '/api/meals/settings', { opens_weekday: 1, opens_time: '00:00', closes_weekday: 7, closes_time: '23:59' }],
    ]
    for (const [method, path, json] of writes) {
      for (const role of ['inspector', 'counter', 'coordinator']) {
        const res = await t.req(path, { method, cookie: cookies[role], json })
        expect(res.status, `${role} ${method} ${path}`).toBe(403)
      }
    }
    expect((await (await t.req('/api/meals/prices/2026-W51', { cookie: cookies.meals })).json()).is_default).toBe(true)
    const sale = await t.req('/api/meals/sales', { method: 'POST', cookie: cookies.admin, json: writes[0]![2] })
    expect(sale.status).toBe(201)
  })
})

describe('personal data', () => {
  it('never returns a full ID number or phone in lists or reads; the meals role opens one record on purpose, audited', async () => {
    const created = await t.req('/api/meals/subscribers', {
      method: 'POST',
      cookie: cookies.meals,
      json: {
        name: '测试大妈',
        phone: '+86 139 1234 5678',
        community_id: 'guangquan',
        building: '3号楼',
        id_number: '11010519491231002x',
        birth_date: '1949-12-31',
        consent: { service: true, id_number: true },
      },
    })
    expect(created.status).toBe(201)
    const s = await created.json()
    expect(s).toMatchObject({ phone_masked: '139****5678', id_number_masked: '110***********002X' })
    const responses = [
      await t.req('/api/meals/subscribers', { cookie: cookies.meals }),
      await t.req(`/api/meals/subscribers/${s.id}`, { cookie: cookies.meals }),
      await t.req('/api/meals/subscribers?q=测试', { cookie: cookies.admin }),
    ]
    for (const r of responses) {
      const text = await r.text()
      expect(text).not.toContain('11010519491231002X')
      expect(text).not.toContain('13912345678')
    }
    const revealed = await t.req(`/api/meals/subscribers/${s.id}/reveal`, { method: 'POST', cookie: cookies.meals })
    expect(await revealed.json()).toMatchObject({ phone: '13912345678', id_number: '11010519491231002X' })
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', s.id).orderBy('id').execute()
    expect(audit).toEqual([
      expect.objectContaining({ action: 'create', entity: 'meal_subscriber' }),
      expect.objectContaining({ action: 'reveal', entity: 'meal_subscriber' }),
    ])
    expect(JSON.stringify(audit)).not.toMatch(/13912345678|11010519491231002X/)
  })

  it('refuses a bad ID checksum and a bad phone beside their fields, recording nothing', async () => {
    const res = await t.req('/api/meals/subscribers', {
      method: 'POST',
      cookie: cookies.meals,
      json: { name: '错号', phone: '12345', community_id: 'guangquan', id_number: '110105194912310021' },
    })
    expect(res.status).toBe(400)
    const errors = (await res.json()).errors
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'phone', message: expect.stringContaining('手机号') }),
        expect.objectContaining({ path: 'id_number', message: '身份证号码格式或校验位不正确' }),
      ]),
    )
    const list = await (await t.req('/api/meals/subscribers?q=错号', { cookie: cookies.meals })).json()
    expect(list).toEqual([])
  })

  it('serves the public page without sign-in and without personal data', async () => {
    const res = await t.req('/api/meals/public')
    expect(res.status).toBe(200)
    const text = await res.text()
    const body = JSON.parse(text)
    expect(body.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W49', '2026-W50'])
    expect(body.weeks[1]).toMatchObject({ published: true, prices: { set_fen: 3800, box_fen: 3600, rice_fen: 200, bun_pair_fen: 200, soup_fen: 300 } })
    expect(body.window).toMatchObject({ status: 'open', week: '2026-W50' })
    expect(body.pickup_points[0]).toMatchObject({ name: '广泉社区老年餐取餐点' })
    const subs = await t.deps.db.selectFrom('meal_subscribers').select(['name', 'phone', 'id_number']).execute()
    for (const s of subs) {
      expect(text).not.toContain(s.name)
      expect(text).not.toContain(s.phone)
      if (s.id_number) expect(text).not.toContain(s.id_number)
    }
    expect(text).not.toMatch(/phone|id_number|subscriber/)
  })
})
