import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
let cookie: string
let me: string
let guides: { id: string; code: string }[]
beforeEach(async () => {
  t = await createTestApp()
  cookie = await t.login('counter')
  const workers = await (await t.req('/api/counter/workers', { cookie })).json()
  me = workers.find((w: { name: string }) => w.name === '孙社工').id
  guides = await (await t.req('/api/counter/guides', { cookie })).json()
})
afterEach(() => t.close())

const g = (code: string) => guides.find((x) => x.code === code)!.id
const visit = (over: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  community_id: 'jiulongshan',
  guide_ids: [g('CJ-01')],
  worker_id: me,
  outcome: 'informed',
  duration_min: 8,
  ...over,
})

describe('visit log', () => {
  it('logs a visit with a masked phone and never stores the number; a second visit for the same matter is linked as a return trip', async () => {
    const first = await t.req('/api/counter/visits', {
      method: 'POST',
      cookie,
      json: visit({ resident_phone: '13912345678', resident_consent: true, outcome: 'return_needed', outcome_note: '缺照片' }),
    })
    expect(first.status).toBe(201)
    const v1 = await first.json()
    expect(v1).toMatchObject({ resident_masked: '139****5678', is_return: false, previous_visit_id: null })
    expect(JSON.stringify(v1)).not.toContain('13912345678')
    const rows = await t.deps.db.selectFrom('counter_visits').selectAll().where('id', '=', v1.id).execute()
    expect(JSON.stringify(rows)).not.toContain('13912345678')
    expect(rows[0]!.resident_key).toMatch(/^[A-Za-z0-9_-]{43}$/)

    t.clock.advance(2 * 86_400_000)
    const cookie2 = await t.login('counter')
    const again = await (
      await t.req('/api/counter/visits', {
        method: 'POST',
        cookie: cookie2,
        json: visit({ resident_phone: '13912345678', resident_consent: true, outcome: 'resolved' }),
      })
    ).json()
    expect(again).toMatchObject({ is_return: true, previous_visit_id: v1.id })
    // Another matter by the same resident is a first visit; another resident is too.
    const other = await (
      await t.req('/api/counter/visits', {
        method: 'POST',
        cookie: cookie2,
        json: visit({ resident_phone: '13912345678', resident_consent: true, guide_ids: [g('YB-01')], outcome: 'resolved' }),
      })
    ).json()
    expect(other.is_return).toBe(false)
    const anon = await (await t.req('/api/counter/visits', { method: 'POST', cookie: cookie2, json: visit({ outcome: 'resolved' }) })).json()
    expect(anon).toMatchObject({ is_return: false, resident_masked: null })
  })

  it('is idempotent by the visit id made on the device', async () => {
    const body = visit()
    expect((await t.req('/api/counter/visits', { method: 'POST', cookie, json: body })).status).toBe(201)
    expect((await t.req('/api/counter/visits', { method: 'POST', cookie, json: body })).status).toBe(200)
    const n = await t.deps.db.selectFrom('counter_visits').select('id').where('id', '=', body.id).execute()
    expect(n).toHaveLength(1)
  })

  it('rejects a visit with no matter, unknown matters or worker, or a referral without a reason, and saves nothing', async () => {
    const before = (await t.deps.db.selectFrom('counter_visits').select('id').execute()).length
    const none = await t.req('/api/counter/visits', { method: 'POST', cookie, json: visit({ guide_ids: [], outcome: 'referred' }) })
    expect(none.status).toBe(400)
    expect((await none.json()).errors.map((e: { path: string; message: string }) => `${e.path}:${e.message}`)).toEqual([
      'guide_ids:请至少选择一个办理事项',
      'outcome_note:转办或需再次来访时请写明原因',
    ])
    const unknown = await t.req('/api/counter/visits', {
      method: 'POST',
      cookie,
      json: visit({ guide_ids: [g('CJ-01'), uuidv7()], worker_id: uuidv7(), previous_visit_id: uuidv7() }),
    })
    expect((await unknown.json()).errors.map((e: { path: string }) => e.path)).toEqual(['guide_ids.1', 'worker_id', 'previous_visit_id'])
    const en = await t.req('/api/counter/visits', {
      method: 'POST',
      cookie,
      headers: { 'accept-language': 'en' },
      json: visit({ resident_phone: '123', resident_consent: true }),
    })
    expect((await en.json()).errors[0]).toMatchObject({ path: 'resident_phone', message: 'Mobile number: 11 digits' })
    expect((await t.deps.db.selectFrom('counter_visits').select('id').execute()).length).toBe(before)
  })

  it('reports the repeat-trip rate and first-visit resolution per matter and per week', async () => {
    const from = '2026-12-02T01:59:00Z' // the seed's visits all end an hour before the clock
    await t.req('/api/counter/visits', {
      method: 'POST',
      cookie,
      json: visit({ resident_phone: '13800000001', resident_consent: true, outcome: 'return_needed', outcome_note: '缺材料' }),
    })
    t.clock.advance(3_600_000)
    await t.req('/api/counter/visits', { method: 'POST', cookie, json: visit({ resident_phone: '13800000001', resident_consent: true, outcome: 'resolved' }) })
    await t.req('/api/counter/visits', { method: 'POST', cookie, json: visit({ resident_phone: '13800000002', resident_consent: true, outcome: 'resolved' }) })
    await t.req('/api/counter/visits', { method: 'POST', cookie, json: visit({ guide_ids: [g('YB-01')], outcome: 'informed' }) })
    const stats = await (await t.req(`/api/counter/visits/stats?from=${from}`, { cookie })).json()
    expect(stats).toMatchObject({ visits: 4, returns: 1, return_rate: 0.25, first_visit_resolution_rate: 0.667 })
    expect(stats.per_matter.find((m: { guide_id: string }) => m.guide_id === g('CJ-01'))).toMatchObject({
      visits: 3,
      returns: 1,
      return_rate: 0.333,
      first_visit_resolution_rate: 0.5,
    })
    expect(stats.per_week).toEqual([expect.objectContaining({ week: '2026-W49', visits: 4, returns: 1 })])
    const seeded = await (await t.req('/api/counter/visits/stats', { cookie: await t.login('coordinator') })).json()
    expect(seeded.visits).toBeGreaterThan(50)
    expect(seeded.returns).toBeGreaterThan(0)
    expect(seeded.per_week.length).toBeGreaterThanOrEqual(8)
  })
})

describe('visits through the sync engine (logged offline at the desk)', () => {
  const push = (mutations: unknown[], c = cookie) =>
    t.req('/api/sync/push', { method: 'POST', cookie: c, json: { device_id: 'desk-1', mutations } }).then((r) => r.json())
  const mutation = (entity_id: string, data: Record<string, unknown>) => ({
    id: uuidv7(),
    entity: 'counter_visit',
    entity_id,
    op: 'put',
    base_version: null,
    data,
    client_time: '2026-12-02T01:59:00Z',
  })

  it('applies a pushed visit once, links the return trip, and rejects bad data with field errors', async () => {
    const { id: _id, ...data } = visit({ resident_phone: '13700000009', resident_consent: true, outcome: 'return_needed', outcome_note: '缺照片' })
    const first = mutation(uuidv7(), data)
    const r1 = await push([first])
    expect(r1.results[0]).toMatchObject({ status: 'applied', version: 1, record: { resident_masked: '137****0009', is_return: false } })
    expect((await push([first])).results).toEqual(r1.results)
    t.clock.advance(3_600_000)
    const again = await push([mutation(uuidv7(), { ...data, outcome: 'resolved', outcome_note: '' })])
    expect(again.results[0].record).toMatchObject({ is_return: true, previous_visit_id: first.entity_id })
    const bad = await push([mutation(uuidv7(), { ...data, guide_ids: [] })])
    expect(bad.results[0]).toMatchObject({ status: 'rejected' })
    expect(bad.results[0].errors).toEqual([expect.objectContaining({ path: 'guide_ids' })])
    const coord = await push([mutation(uuidv7(), data)], await t.login('coordinator'))
    expect(coord.results[0].status).toBe('rejected')
    const n = await t.deps.db.selectFrom('counter_visits').select('id').where('resident_masked', '=', '137****0009').execute()
    expect(n).toHaveLength(2)
  })
})
