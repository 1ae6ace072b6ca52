// Retention of residents' personal data: admin-only settings with validated bounds, and a purge that
// anonymises only what is past retention, leaves every count as it was, reaches devices through the
// change log, scrubs the stored copies, writes one audit entry per run and changes nothing the second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { ANONYMISED_NAME, RETENTION_DEFAULTS, type PurgeResult, type RetentionView } from '#domain/retention.ts'
import type { AuditPage } from '#domain/audit.ts'
import { purgeAll, purgeSubdistrict } from './purge.ts'
import { msUntilNextRun } from './schedule.ts'

const DAY = 86_400_000

describe('retention settings', () => {
  let t: TestApp
  let admin: string
  beforeAll(async () => {
    t = await createTestApp()
    admin = await t.login('admin')
  })
  afterAll(() => t.close())

  it('starts from the documented defaults, with no purge yet', async () => {
    const res = await t.req('/api/admin/retention', { cookie: admin })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ...RETENTION_DEFAULTS, is_default: true, updated_at: null, last_purge: null })
  })

  it('refuses values out of bounds with a message per field in both languages, and saves nothing', async () => {
    const put = (json: unknown, lang = 'zh-CN') => t.req('/api/admin/retention', { method: 'PUT', cookie: admin, json, headers: { 'accept-language': lang } })
    const zh = await put({ meals_days: 30, counter_days: 10 })
    expect(zh.status).toBe(400)
    expect(zh.headers.get('content-type')).toMatch(/problem\+json/)
    const errors = ((await zh.json()) as { errors: { path: string; message: string }[] }).errors
    expect(errors.map((e) => e.path)).toEqual(['meals_days', 'counter_days'])
    expect(errors[0]!.message).toBe('助餐居民信息保留期须在 90 到 3650 天之间')
    expect(errors[1]!.message).toContain('不短于回访关联的 60 天')
    const en = (await (await put({ meals_days: 730.5, counter_days: 4000 }, 'en')).json()) as { errors: { path: string; message: string }[] }
    expect(en.errors).toEqual([
      expect.objectContaining({ path: 'meals_days', message: 'Days must be a whole number' }),
      expect.objectContaining({ path: 'counter_days', message: expect.stringContaining('60–3650 days') }),
    ])
    expect((await put({ meals_days: 365, counter_days: 365, purge: true })).status).toBe(400)
    expect((await put({ meals_days: '365', counter_days: 365 })).status).toBe(400)
    expect(await t.deps.db.selectFrom('retention_settings').selectAll().execute()).toEqual([])
  })

  it('saves valid values and audits before and after', async () => {
    const res = await t.req('/api/admin/retention', { method: 'PUT', cookie: admin, json: { meals_days: 400, counter_days: 180 } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ meals_days: 400, counter_days: 180, is_default: false, updated_at: t.clock.now.toISOString() })
    const { items } = (await (await t.req('/api/admin/audit?entity=retention', { cookie: admin })).json()) as AuditPage
    expect(items[0]).toMatchObject({
      action: 'update',
      actor_name: '系统管理员',
      before: { meals_days: 730, counter_days: 365, is_default: true },
      after: { meals_days: 400, counter_days: 180 },
    })
  })

  it('is for admins only: reading, saving and purging', async () => {
    for (const role of ['inspector', 'coordinator', 'counter', 'meals']) {
      const cookie = await t.login(role)
      expect((await t.req('/api/admin/retention', { cookie })).status).toBe(403)
      expect((await t.req('/api/admin/retention', { method: 'PUT', cookie, json: { meals_days: 400, counter_days: 180 } })).status).toBe(403)
      expect((await t.req('/api/admin/retention/purge', { method: 'POST', cookie })).status).toBe(403)
    }
    expect((await t.req('/api/admin/retention')).status).toBe(401)
    expect((await t.req('/api/admin/retention/purge', { method: 'POST' })).status).toBe(401)
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('entity', '=', 'retention').where('action', '=', 'purge').execute()).toEqual([])
  })
})

describe('the purge', () => {
  let t: TestApp
  let sd: string
  const visitPhone = '13700000009'
  const visitNote = '缺照片，王阿姨下周再来'
  let pushedVisit: string
  let pushedSale: string
  let buyer: { id: string; name: string }
  let edited: string
  let ticketHolder: string
  let fresh: string
  let freshVisit: string
  let first: PurgeResult

  const login = (role: string) => t.login(role)
  const push = async (cookie: string, mutation: Record<string, unknown>) => {
    const res = (await (
      await t.req('/api/sync/push', {
        method: 'POST',
        cookie,
        json: { device_id: 'device-1', mutations: [{ id: uuidv7(), op: 'put', base_version: null, client_time: t.clock.now.toISOString(), ...mutation }] },
      })
    ).json()) as { results: { status: string }[] }
    expect(res.results[0]!.status).toBe('applied')
  }
  const personal = async () => ({
    subscribers: await t.deps.db.selectFrom('meal_subscribers').selectAll().orderBy('id').execute(),
    visits: await t.deps.db.selectFrom('counter_visits').selectAll().orderBy('id').execute(),
    changes: await t.deps.db.selectFrom('change_log').select(['seq', 'record']).where('entity', 'in', ['meal_sale', 'counter_visit']).orderBy('seq').execute(),
    results: await t.deps.db.selectFrom('applied_mutations').select(['mutation_id', 'result']).orderBy('mutation_id').execute(),
  })
  /** Every count the kitchen, the office and the counter report, over the seeded weeks. */
  const statistics = async () => {
    const coordinator = await login('coordinator')
    const get = async (path: string) => (await t.req(path, { cookie: coordinator })).json()
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-07', '2026-12-08', '2026-12-12']
    const kitchen = []
    for (const d of days) {
      const k = (await get(`/api/meals/kitchen/${d}`)) as { totals: unknown; by_community: unknown }
      kitchen.push({ d, totals: k.totals, by_community: k.by_community })
    }
    const ledger = []
    for (const w of ['2026-W49', '2026-W50']) ledger.push(((await get(`/api/meals/reports/${w}`)) as { totals: unknown }).totals)
    const visits = await get(`/api/counter/visits/stats?from=2026-09-01T00:00:00Z&to=${new Date(t.clock.now.getTime() + DAY).toISOString()}`)
    return { kitchen, ledger, visits }
  }

  beforeAll(async () => {
    t = await createTestApp()
    sd = (await t.deps.db.selectFrom('subdistricts').select('id').executeTakeFirstOrThrow()).id
    const seeded = await t.deps.db.selectFrom('meal_subscribers').select(['id', 'name']).orderBy('id').execute()
    buyer = seeded[0]!
    edited = seeded[1]!.id
    ticketHolder = seeded[2]!.id

    // Made on devices at the seed's time: a ticket sale and a visit whose copies devices hold.
    const meals = await login('meals')
    pushedSale = uuidv7()
    await push(meals, {
      entity: 'meal_sale',
      entity_id: pushedSale,
      // The buyer already holds a ticket for that day: a second one needs a reason, free text like a note.
      data: { subscriber_id: buyer.id, week: '2026-W50', lines: [{ date: '2026-12-08', sets: 1 }], overlap_reason: '王阿姨的女儿来探望，多买一份' },
    })
    const counter = await login('counter')
    const worker = (await (await t.req('/api/counter/workers', { cookie: counter })).json())[0].id as string
    const guide = (await (await t.req('/api/counter/guides', { cookie: counter })).json())[0].id as string
    pushedVisit = uuidv7()
    await push(counter, {
      entity: 'counter_visit',
      entity_id: pushedVisit,
      data: {
        community_id: 'jiulongshan',
        guide_ids: [guide],
        worker_id: worker,
        resident_phone: visitPhone,
        resident_consent: true,
        outcome: 'return_needed',
        outcome_note: visitNote,
        duration_min: 9,
      },
    })

    // The shortest periods, then 110 days later: every seeded visit and ticket is past them.
    const admin = await login('admin')
    expect((await t.req('/api/admin/retention', { method: 'PUT', cookie: admin, json: { meals_days: 90, counter_days: 60 } })).status).toBe(200)
    t.clock.advance(110 * DAY)
    const now = t.clock.now.toISOString()

    // Recent enough to keep: an edited record, a ticket for a recent day bought long ago, a new resident, a new visit.
    const m2 = await login('meals')
    const row = await t.deps.db.selectFrom('meal_subscribers').selectAll().where('id', '=', edited).executeTakeFirstOrThrow()
    const put = await t.req(`/api/meals/subscribers/${edited}`, {
      method: 'PUT',
      cookie: m2,
      json: {
        name: row.name,
        phone: row.phone,
        community_id: row.community_id,
        building: row.building,
        dietary_notes: '新添：少糖',
        birth_date: row.birth_date,
        id_number: row.id_number ?? '',
        active: true,
        consent: { health: true },
      },
    })
    expect(put.status).toBe(200)
    const oldSale = uuidv7(Date.parse('2026-12-02T02:00:00Z'))
    await t.deps.db
      .insertInto('meal_sales')
      .values({
        subdistrict_id: sd,
        id: oldSale,
        subscriber_id: ticketHolder,
        week: '2027-W11',
        total_fen: 3800,
        paid_fen: 3800,
        payment_method: 'cash',
        note: '',
        status: 'active',
        void_reason: null,
        voided_at: null,
        voided_by: null,
        refund_fen: 0,
        sold_by: (await t.deps.db.selectFrom('users').select('id').where('username', '=', 'meals').executeTakeFirstOrThrow()).id,
        created_at: '2026-12-02T02:00:00.000Z',
        client_time: null,
        version: 1,
      })
      .execute()
    await t.deps.db
      .insertInto('meal_sale_lines')
      .values({ subdistrict_id: sd, sale_id: oldSale, date: now.slice(0, 10), sets: 1, boxes: 0, rice: 0, buns: 0, soups: 0, fen: 3800 })
      .execute()
    fresh = (
      (await (
        await t.req('/api/meals/subscribers', {
          method: 'POST',
          cookie: m2,
          json: { name: '新来的', phone: '13912340000', community_id: 'maoxing', building: '2号楼', birth_date: '1950-01-02', consent: { service: true } },
        })
      ).json()) as { id: string }
    ).id
    const c2 = await login('counter')
    freshVisit = uuidv7()
    expect(
      (
        await t.req('/api/counter/visits', {
          method: 'POST',
          cookie: c2,
          json: {
            id: freshVisit,
            community_id: 'jiulongshan',
            guide_ids: [guide],
            worker_id: worker,
            resident_phone: '13600000001',
            resident_consent: true,
            outcome: 'informed',
            duration_min: 5,
          },
        })
      ).status,
    ).toBe(201)
  })
  afterAll(() => t.close())

  it('anonymises only what is past retention, and every count stays as it was', async () => {
    const before = await personal()
    const stats = await statistics()
    const dueSubscribers = before.subscribers.filter((s) => ![edited, ticketHolder, fresh].includes(s.id))
    const dueVisits = before.visits.filter((v) => v.id !== freshVisit && (v.resident_key !== null || v.resident_masked !== null || v.outcome_note !== ''))
    expect(dueSubscribers.length).toBeGreaterThan(5)
    expect(dueVisits.length).toBeGreaterThan(50)
    const lastSeq = Number((await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', sd).executeTakeFirstOrThrow()).seq)

    const res = await t.req('/api/admin/retention/purge', { method: 'POST', cookie: await login('admin') })
    expect(res.status).toBe(200)
    first = (await res.json()) as PurgeResult
    expect(first).toMatchObject({
      at: t.clock.now.toISOString(),
      actor_name: '系统管理员',
      counts: { meal_subscribers: dueSubscribers.length, counter_visits: dueVisits.length, synced_records: 3 },
    })
    expect(first.meals_before).toBe(new Date(t.clock.now.getTime() - 90 * DAY).toISOString())

    const after = await personal()
    for (const s of after.subscribers) {
      const was = before.subscribers.find((b) => b.id === s.id)!
      if (dueSubscribers.some((d) => d.id === s.id)) {
        expect(s).toMatchObject({
          name: ANONYMISED_NAME,
          phone: '',
          birth_date: null,
          id_number: null,
          building: '',
          dietary_notes: '',
          dietary_restrictions: '[]',
          active: 0,
          community_id: was.community_id,
        })
      } else expect(s).toEqual(was)
    }
    for (const v of after.visits) {
      const was = before.visits.find((b) => b.id === v.id)!
      if (dueVisits.some((d) => d.id === v.id)) expect(v).toEqual({ ...was, resident_key: null, resident_masked: null, outcome_note: '' })
      else expect(v).toEqual(was)
    }
    expect(after.visits.find((v) => v.id === freshVisit)!.resident_masked).toBe('136****0001')
    expect(before.subscribers.some((s) => s.dietary_restrictions.includes('peanut'))).toBe(true)
    expect((await t.deps.db.selectFrom('meal_sales').select('overlap_reason').where('id', '=', pushedSale).executeTakeFirstOrThrow()).overlap_reason).toBe('')
    expect(await statistics()).toEqual(stats)

    // Devices get the anonymised copies; no stored copy keeps the mask, the note or the name.
    const pulled = async (role: string, entity: string, id: string) => {
      const page = (await (await t.req(`/api/sync/pull?since=${lastSeq}`, { cookie: await login(role) })).json()) as {
        changes: { entity: string; entity_id: string; record: Record<string, unknown> }[]
      }
      return page.changes.filter((c) => c.entity === entity && c.entity_id === id)
    }
    expect((await pulled('counter', 'counter_visit', pushedVisit)).map((c) => c.record)).toEqual([
      expect.objectContaining({ resident_masked: null, outcome_note: '', outcome: 'return_needed', duration_min: 9 }),
    ])
    // Both hooks touch the sale (the resident's name, the overlap reason): each scrubbed copy is sent, the last has both.
    const saleCopies = (await pulled('meals', 'meal_sale', pushedSale)).map((c) => c.record)
    expect(saleCopies).toHaveLength(2)
    expect(saleCopies.at(-1)).toEqual(
      expect.objectContaining({ subscriber_name: ANONYMISED_NAME, subscriber_phone_masked: '', overlap_reason: '', total_fen: 3800 }),
    )
    const stored = JSON.stringify([after.changes, after.results])
    expect(stored).not.toContain('137****0009')
    expect(stored).not.toContain('王阿姨')
    expect(stored).not.toContain(buyer.name)
    expect(JSON.stringify(before.changes)).toContain('137****0009')
  })

  it('writes one audit entry for the run, which the settings page shows as the last purge', async () => {
    const admin = await login('admin')
    const { items } = (await (await t.req('/api/admin/audit?entity=retention', { cookie: admin })).json()) as AuditPage
    expect(items.filter((i) => i.action === 'purge')).toHaveLength(1)
    expect(items[0]).toMatchObject({
      action: 'purge',
      entity_id: sd,
      actor_name: '系统管理员',
      after: { counts: first.counts, meals_before: first.meals_before, counter_before: first.counter_before },
    })
    const view = (await (await t.req('/api/admin/retention', { cookie: admin })).json()) as RetentionView
    expect(view.last_purge).toEqual(first)
  })

  it('changes nothing the second time (and still records the run)', async () => {
    const before = await personal()
    const seq = await t.deps.db.selectFrom('sync_counters').select('seq').execute()
    const again = (await (await t.req('/api/admin/retention/purge', { method: 'POST', cookie: await login('admin') })).json()) as PurgeResult
    expect(again.counts).toEqual({ meal_subscribers: 0, counter_visits: 0, free_text_notes: 0, resident_reports: 0, synced_records: 0 })
    expect(await personal()).toEqual(before)
    expect(await t.deps.db.selectFrom('sync_counters').select('seq').execute()).toEqual(seq)
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('entity', '=', 'retention').where('action', '=', 'purge').execute()).toHaveLength(2)
  })
})

describe('the scheduled purge', () => {
  it('works in batches, one transaction each, and writes one audit entry per run as the system', async () => {
    const t = await createTestApp()
    try {
      const sd = (await t.deps.db.selectFrom('subdistricts').select('id').executeTakeFirstOrThrow()).id
      const due = (
        await t.deps.db
          .selectFrom('counter_visits')
          .select('id')
          .where((eb) => eb.or([eb('resident_key', 'is not', null), eb('outcome_note', '<>', '')]))
          .execute()
      ).length
      t.clock.advance(366 * DAY) // default periods: every visit is past a year, no resident past two
      const r = await purgeSubdistrict(t.deps, sd, { id: null }, 7)
      expect(r).toMatchObject({ actor_name: null, counts: { meal_subscribers: 0, counter_visits: due, synced_records: 0 } })
      const entries = await t.deps.db.selectFrom('audit_log').selectAll().where('entity', '=', 'retention').execute()
      expect(entries).toHaveLength(1)
      expect(entries[0]!.actor_id).toBeNull()
      const log: string[] = []
      const all = await purgeAll({ ...t.deps, logger: { log: (level, msg, fields) => log.push(`${level} ${msg} ${JSON.stringify(fields)}`) } })
      expect(all.map((x) => x.counts)).toEqual([{ meal_subscribers: 0, counter_visits: 0, free_text_notes: 0, resident_reports: 0, synced_records: 0 }])
      expect(log).toEqual([expect.stringContaining('info retention_purge')])
    } finally {
      await t.close()
    }
  })

  it('runs next at 03:00 Beijing time', () => {
    expect(msUntilNextRun(new Date('2026-12-02T02:00:00Z'))).toBe(17 * 3_600_000) // 10:00 → 03:00 next day
    expect(msUntilNextRun(new Date('2026-12-01T18:59:00Z'))).toBe(60_000) // 02:59 → 03:00
    expect(msUntilNextRun(new Date('2026-12-01T19:00:00Z'))).toBe(DAY) // exactly 03:00 → tomorrow
  })
})
