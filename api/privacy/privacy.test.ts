// Residents' consent end to end through the API: registration refused at the field without the consent
// its data needs, consents recorded with who explained them, withdrawal (health only, or everything with
// tickets kept under an anonymous pickup code and totals unchanged), the one-resident export across
// meals and the counter, and the audit entries of each.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { businessDate } from '#domain/time.ts'
import type { ResidentExport, WithdrawalPreview, WithdrawResult } from '#domain/privacy.ts'
import type { Subscriber } from '#domain/meals/people.ts'
import { ANONYMISED_NAME } from '#domain/retention.ts'

let t: TestApp
let meals: string
beforeEach(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
})
afterEach(() => t.close())

type FieldErrors = { errors: { path: string; message: string }[] }
const errorsOf = async (res: Response) => ((await res.json()) as FieldErrors).errors.map((e) => `${e.path}:${e.message}`)
const register = (json: Record<string, unknown>, headers?: Record<string, string>) =>
  t.req('/api/meals/subscribers', { method: 'POST', cookie: meals, json, headers })
const auditOf = async (entity: string, entityId?: string) => {
  let q = t.deps.db.selectFrom('audit_log').selectAll().where('entity', '=', entity)
  if (entityId) q = q.where('entity_id', '=', entityId)
  return q.orderBy('at').orderBy('id').execute()
}
const person = { name: '同意测试', phone: '13912340001', community_id: 'guangquan', building: '5号楼' }

describe('consent at registration', () => {
  it('refuses a registration without the service consent, and health data or an ID number without their own, at the field; saves nothing', async () => {
    const before = (await t.deps.db.selectFrom('meal_subscribers').select('id').execute()).length
    const consents = (await t.deps.db.selectFrom('resident_consents').select('id').execute()).length
    const none = await register({ ...person, dietary_restrictions: ['peanut'], dietary_notes: '花生过敏', id_number: '11010519491231002X' })
    expect(none.status).toBe(400)
    expect(none.headers.get('content-type')).toContain('application/problem+json')
    expect(await errorsOf(none)).toEqual([
      'consent.service:请先向居民说明用途，并记录其同意助餐服务',
      'dietary_restrictions:记录过敏和饮食禁忌需居民单独同意：请勾选“健康信息同意”，或清空此项',
      'dietary_notes:记录过敏和饮食禁忌需居民单独同意：请勾选“健康信息同意”，或清空此项',
      'id_number:记录身份证号需居民单独同意：请勾选“身份证号同意”，或清空此项',
    ])
    // The service consent alone does not cover health data or the ID number.
    const serviceOnly = await register(
      { ...person, dietary_restrictions: ['soft'], id_number: '11010519491231002X', consent: { service: true } },
      { 'accept-language': 'en' },
    )
    expect(await errorsOf(serviceOnly)).toEqual([
      'dietary_restrictions:Allergies and diets need the resident’s separate consent: tick “health data consent” or clear this field',
      'id_number:The ID number needs the resident’s separate consent: tick “ID number consent” or clear this field',
    ])
    expect((await t.deps.db.selectFrom('meal_subscribers').select('id').execute()).length).toBe(before)
    expect((await t.deps.db.selectFrom('resident_consents').select('id').execute()).length).toBe(consents)
  })

  it('records each consent with who explained it and when; an edit adding an ID number needs its consent; each consent is audited', async () => {
    const res = await register({ ...person, dietary_restrictions: ['peanut'], consent: { service: true, health: true } })
    expect(res.status).toBe(201)
    const s = (await res.json()) as Subscriber
    const at = t.clock.now.toISOString()
    expect(s.consent.service).toMatchObject({
      kind: 'meals_service',
      explained_by_name: '周助餐',
      granted_at: at,
      purposes: ['meals_registration', 'meals_contact'],
    })
    expect(s.consent.health).toMatchObject({ kind: 'meals_health', purposes: ['meals_diet_warning'] })
    expect(s.consent.id_number).toBeNull()

    t.clock.advance(60_000)
    const edit = { ...person, dietary_restrictions: ['peanut'], id_number: '11010519491231002X' }
    const refused = await t.req(`/api/meals/subscribers/${s.id}`, { method: 'PUT', cookie: meals, json: edit })
    expect(refused.status).toBe(400)
    expect(await errorsOf(refused)).toEqual(['id_number:记录身份证号需居民单独同意：请勾选“身份证号同意”，或清空此项'])
    const ok = await t.req(`/api/meals/subscribers/${s.id}`, { method: 'PUT', cookie: meals, json: { ...edit, consent: { id_number: true } } })
    expect(ok.status).toBe(200)
    const edited = (await ok.json()) as Subscriber
    expect(edited.id_number_masked).toBe('110***********002X')
    expect(edited.consent.id_number).toMatchObject({ granted_at: t.clock.now.toISOString(), explained_by_name: '周助餐' })
    expect(edited.consent.service?.granted_at).toBe(at)

    const consents = await t.deps.db.selectFrom('resident_consents').selectAll().where('subject_id', '=', s.id).orderBy('granted_at').execute()
    expect(consents.map((c) => c.kind)).toEqual(['meals_service', 'meals_health', 'meals_id_number'])
    for (const c of consents) {
      const [entry] = await auditOf('resident_consent', c.id)
      expect(entry).toMatchObject({
        action: 'consent_grant',
        actor_id: (await t.deps.db.selectFrom('users').select('id').where('username', '=', 'meals').executeTakeFirstOrThrow()).id,
      })
      expect(JSON.parse(entry!.after_json!)).toMatchObject({ subject: 'meal_subscriber', subject_id: s.id, kind: c.kind })
    }
  })

  it('reads "not recorded" for a resident registered before consent was recorded, and records it at the next edit', async () => {
    const sub = (await (await t.req('/api/meals/subscribers', { cookie: meals })).json()) as Subscriber[]
    expect(sub.every((s) => s.consent.service !== null)).toBe(true)
    const legacy = sub.find((s) => s.dietary_restrictions.length === 0 && !s.dietary_notes && !s.id_number_masked)!
    await t.deps.db.deleteFrom('resident_consents').where('subject_id', '=', legacy.id).execute()
    const read = (await (await t.req(`/api/meals/subscribers/${legacy.id}`, { cookie: meals })).json()) as Subscriber
    expect(read.consent).toEqual({ service: null, health: null, id_number: null })
    const full = await (await t.req(`/api/meals/subscribers/${legacy.id}/reveal`, { method: 'POST', cookie: meals })).json()
    const body = {
      name: full.name,
      phone: full.phone,
      community_id: full.community_id,
      building: full.building,
      birth_date: full.birth_date,
      consent: { service: true },
    }
    const saved = (await (await t.req(`/api/meals/subscribers/${legacy.id}`, { method: 'PUT', cookie: meals, json: body })).json()) as Subscriber
    expect(saved.consent.service).toMatchObject({ explained_by_name: '周助餐' })
  })
})

/** The seeded resident who also came to the counter (the seed gave the counter their phone). */
async function diner(): Promise<{ id: string; phone: string; name: string }> {
  return t.deps.db.selectFrom('meal_subscribers').select(['id', 'phone', 'name']).orderBy('id').executeTakeFirstOrThrow()
}

describe('withdrawing consent', () => {
  it('withdrawing only the health consent deletes allergies, diets and notes and keeps the rest', async () => {
    const s = ((await (await t.req('/api/meals/subscribers', { cookie: meals })).json()) as Subscriber[]).find(
      (x) => x.dietary_restrictions.length && x.consent.health,
    )!
    const res = await t.req(`/api/meals/subscribers/${s.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'health' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ scope: 'health', pickup_code: null, pending: [], counter_visits: 0 })
    const after = (await (await t.req(`/api/meals/subscribers/${s.id}`, { cookie: meals })).json()) as Subscriber
    expect(after).toMatchObject({ name: s.name, phone_masked: s.phone_masked, building: s.building, dietary_restrictions: [], dietary_notes: '', active: true })
    expect(after.consent.health).toBeNull()
    expect(after.consent.service).not.toBeNull()
    const withdrawn = await t.deps.db
      .selectFrom('resident_consents')
      .selectAll()
      .where('subject_id', '=', s.id)
      .where('kind', '=', 'meals_health')
      .executeTakeFirstOrThrow()
    expect(withdrawn.withdrawn_at).toBe(t.clock.now.toISOString())
    expect((await auditOf('resident_consent', withdrawn.id)).map((e) => e.action)).toEqual(['consent_withdraw'])
    expect((await auditOf('meal_subscriber', s.id)).map((e) => e.action)).toEqual(['withdraw'])
    // Nothing left to withdraw: said, not pretended.
    const again = await t.req(`/api/meals/subscribers/${s.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'health' } })
    expect(again.status).toBe(409)
  })

  it('a full withdrawal with tickets to collect asks for confirmation, then anonymises as retention does; tickets stay valid under a pickup code; totals and statistics do not change', async () => {
    const d = await diner()
    const today = businessDate(t.clock.now)
    const week = '2026-W49'
    const counter = await t.login('counter')
    const coordinator = await t.login('coordinator')
    const preview = (await (await t.req(`/api/meals/subscribers/${d.id}/withdrawal`, { cookie: meals })).json()) as WithdrawalPreview
    expect(preview.pending.length).toBeGreaterThan(0)
    expect(preview.pending.every((p) => p.date >= today)).toBe(true)
    expect(preview.counter_visits).toBe(1)
    const day = preview.pending[0]!.date

    const snapshot = async () => ({
      report: ((await (await t.req(`/api/meals/reports/${week}`, { cookie: coordinator })).json()) as { totals: unknown }).totals,
      nextReport: ((await (await t.req(`/api/meals/reports/2026-W50`, { cookie: coordinator })).json()) as { totals: unknown }).totals,
      kitchen: ((await (await t.req(`/api/meals/kitchen/${day}`, { cookie: coordinator })).json()) as { totals: unknown }).totals,
      stats: await (await t.req('/api/counter/visits/stats', { cookie: counter })).json(),
      sales: await t.deps.db
        .selectFrom('meal_sales')
        .select(['id', 'total_fen', 'paid_fen', 'status'])
        .where('subscriber_id', '=', d.id)
        .orderBy('id')
        .execute(),
      lines: (await t.deps.db.selectFrom('meal_sale_lines').select(['sale_id', 'date', 'fen']).execute()).length,
    })
    const before = await snapshot()
    expect(before.sales.length).toBeGreaterThan(0)

    const unconfirmed = await t.req(`/api/meals/subscribers/${d.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'all' } })
    expect(unconfirmed.status).toBe(409)
    expect((await unconfirmed.json()).detail).toBe('该居民还有未取的餐票：请先确认餐票的处理方式（凭匿名取餐码取餐）')
    expect((await t.deps.db.selectFrom('meal_subscribers').select('name').where('id', '=', d.id).executeTakeFirstOrThrow()).name).toBe(d.name)

    const res = await t.req(`/api/meals/subscribers/${d.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'all', confirm_tickets: true } })
    expect(res.status).toBe(200)
    const result = (await res.json()) as WithdrawResult
    expect(result).toMatchObject({ scope: 'all', counter_visits: 1, pending: preview.pending })
    expect(result.pickup_code).toMatch(/^\d{6}$/)

    const row = await t.deps.db.selectFrom('meal_subscribers').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      name: ANONYMISED_NAME,
      phone: '',
      building: '',
      birth_date: null,
      id_number: null,
      dietary_notes: '',
      dietary_restrictions: '[]',
      active: 0,
      pickup_code: result.pickup_code,
    })
    expect(await t.deps.db.selectFrom('resident_consents').select('id').where('subject_id', '=', d.id).where('withdrawn_at', 'is', null).execute()).toEqual([])
    expect(
      await t.deps.db
        .selectFrom('counter_visits')
        .select('id')
        .where('resident_masked', 'like', `${d.phone.slice(0, 3)}****${d.phone.slice(-4)}`)
        .execute(),
    ).toEqual([])

    // The tickets: on the pickup list under the code, and collectable.
    const list = await (await t.req(`/api/meals/pickups/${day}`, { cookie: meals })).json()
    const mine = list.rows.find((r: { subscriber_id: string }) => r.subscriber_id === d.id)
    expect(mine).toMatchObject({ name: ANONYMISED_NAME, phone_masked: '', pickup_code: result.pickup_code, picked: false })
    expect(await snapshot()).toEqual(before)
    if (day === today) {
      const pick = await t.req('/api/meals/pickups', { method: 'PUT', cookie: meals, json: { id: uuidv7(), date: day, subscriber_id: d.id, picked: true } })
      expect(pick.status).toBe(200)
    }
    const log = await auditOf('meal_subscriber', d.id)
    expect(log.at(-1)).toMatchObject({ action: 'withdraw' })
    expect(JSON.parse(log.at(-1)!.after_json!)).toMatchObject({ scope: 'all', anonymised: true, counter_visits: 1, pickup_code_issued: true })
    expect(JSON.stringify(log)).not.toContain(result.pickup_code)
  })

  it('a full withdrawal without tickets needs no confirmation and issues no code', async () => {
    const created = (await (await register({ ...person, consent: { service: true } })).json()) as Subscriber
    const res = await t.req(`/api/meals/subscribers/${created.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'all' } })
    expect(await res.json()).toEqual({ scope: 'all', pickup_code: null, pending: [], counter_visits: 0 })
    const read = (await (await t.req(`/api/meals/subscribers/${created.id}`, { cookie: meals })).json()) as Subscriber
    expect(read).toMatchObject({
      name: ANONYMISED_NAME,
      phone_masked: '',
      active: false,
      pickup_code: null,
      consent: { service: null, health: null, id_number: null },
    })
    const again = await t.req(`/api/meals/subscribers/${created.id}/withdraw`, { method: 'POST', cookie: meals, json: { scope: 'all' } })
    expect(again.status).toBe(409)
    // Filling the withdrawn record again is a new registration: it needs the service consent.
    const refill = await t.req(`/api/meals/subscribers/${created.id}`, { method: 'PUT', cookie: meals, json: person })
    expect(await errorsOf(refill)).toEqual(['consent.service:请先向居民说明用途，并记录其同意助餐服务'])
  })
})

const text = (doc: ResidentExport) => JSON.stringify(doc)

describe("one resident's own data", () => {
  it('exports everything held about the resident across meals and the counter, labelled, and nothing of anyone else; audited', async () => {
    const d = await diner()
    const full = await (await t.req(`/api/meals/subscribers/${d.id}/reveal`, { method: 'POST', cookie: meals })).json()
    const res = await t.req(`/api/meals/subscribers/${d.id}/export`, { method: 'POST', cookie: meals })
    expect(res.status).toBe(200)
    const doc = (await res.json()) as ResidentExport
    expect(doc.title).toBe(`居民个人信息副本：${d.name}`)
    expect(doc.generated_by_name).toBe('周助餐')
    expect(doc.sections.map((s) => s.title)).toEqual(['基本信息', '健康信息', '同意记录', '购票记录', '餐票与取餐', '窗口来访记录', '对本人信息的操作记录'])
    const field = (section: string, label: string) => doc.sections.find((s) => s.title === section)!.fields.find((f) => f.label === label)?.value
    expect(field('基本信息', '姓名')).toBe(d.name)
    expect(field('基本信息', '手机号')).toBe(d.phone)
    expect(field('基本信息', '身份证号')).toBe(full.id_number ?? '无')
    expect(field('基本信息', '社区')).not.toMatch(/^[a-z]+$/)
    // Labels, not column names or codes.
    expect(text(doc)).not.toMatch(/"(dietary_restrictions|id_number|phone|subscriber_id|payment_method)"/)
    if (full.dietary_restrictions.includes('peanut')) expect(field('健康信息', '过敏与饮食禁忌')).toContain('花生')

    const sales = await t.deps.db.selectFrom('meal_sales').select('id').where('subscriber_id', '=', d.id).execute()
    expect(doc.sections[3]!.rows).toHaveLength(sales.length)
    expect(doc.sections[3]!.columns).toContain('付款方式')
    const lines = await t.deps.db
      .selectFrom('meal_sale_lines as l')
      .innerJoin('meal_sales as s', (j) => j.onRef('s.id', '=', 'l.sale_id'))
      .select('l.date')
      .where('s.subscriber_id', '=', d.id)
      .where('s.status', '=', 'active')
      .execute()
    expect(doc.sections[4]!.rows).toHaveLength(lines.length)
    expect(doc.sections[5]!.rows).toHaveLength(1)
    expect(doc.sections[5]!.rows[0]![3]).toBe('一次告知')
    expect(doc.sections[2]!.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['助餐服务（姓名、手机号、住址、出生日期）', '窗口来访手机号']))
    expect(doc.sections[6]!.rows.map((r) => r[1])).toContain('查看完整信息')

    const others = await t.deps.db.selectFrom('meal_subscribers').select(['name', 'phone', 'id_number']).where('id', '<>', d.id).execute()
    for (const o of others) {
      expect(text(doc)).not.toContain(o.phone)
      if (o.id_number) expect(text(doc)).not.toContain(o.id_number)
      if (!d.name.includes(o.name)) expect(text(doc)).not.toContain(o.name)
    }
    const exported = (await auditOf('meal_subscriber', d.id)).filter((e) => e.action === 'export')
    expect(exported).toHaveLength(1)

    const en = (await (
      await t.req(`/api/meals/subscribers/${d.id}/export`, { method: 'POST', cookie: meals, headers: { 'accept-language': 'en' } })
    ).json()) as ResidentExport
    expect(en.sections[0]!.title).toBe('Personal details')
    expect((await t.req(`/api/meals/subscribers/${d.id}/export`, { method: 'POST', cookie: await t.login('counter') })).status).toBe(403)
  })
})

describe('consent at the counter', () => {
  let counter: string
  let visit: (over: Record<string, unknown>) => Record<string, unknown>
  beforeEach(async () => {
    counter = await t.login('counter')
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string; name: string }[]
    const guides = (await (await t.req('/api/counter/guides', { cookie: counter })).json()) as { id: string }[]
    visit = (over) => ({
      id: uuidv7(),
      community_id: 'jiulongshan',
      guide_ids: [guides[0]!.id],
      worker_id: workers[0]!.id,
      outcome: 'informed',
      duration_min: 6,
      ...over,
    })
  })

  it('keeps a phone only with the resident’s consent (refused at the field otherwise); a later visit needs no second tick', async () => {
    const refused = await t.req('/api/counter/visits', { method: 'POST', cookie: counter, json: visit({ resident_phone: '13500001111' }) })
    expect(refused.status).toBe(400)
    expect(await errorsOf(refused)).toEqual(['resident_phone:记录手机号需居民同意：请勾选“居民同意记录手机号”，或清空此项'])
    expect(
      (await t.req('/api/counter/visits', { method: 'POST', cookie: counter, json: visit({ resident_phone: '13500001111', resident_consent: true }) })).status,
    ).toBe(201)
    const consent = await t.deps.db
      .selectFrom('resident_consents')
      .selectAll()
      .where('subject', '=', 'counter_resident')
      .orderBy('granted_at', 'desc')
      .executeTakeFirstOrThrow()
    expect(consent).toMatchObject({ kind: 'counter_phone', granted_at: t.clock.now.toISOString(), withdrawn_at: null })
    expect(consent.subject_id).not.toContain('13500001111')
    t.clock.advance(3_600_000)
    expect((await t.req('/api/counter/visits', { method: 'POST', cookie: counter, json: visit({ resident_phone: '13500001111' }) })).status).toBe(201)
  })

  it('exports a visitor’s own visits by phone and, on withdrawal, anonymises them with the statistics unchanged', async () => {
    const phone = '13500002222'
    await t.req('/api/counter/visits', {
      method: 'POST',
      cookie: counter,
      json: visit({ resident_phone: phone, resident_consent: true, outcome: 'return_needed', outcome_note: '缺照片' }),
    })
    t.clock.advance(3_600_000)
    await t.req('/api/counter/visits', { method: 'POST', cookie: counter, json: visit({ resident_phone: phone }) })
    const doc = (await (await t.req('/api/counter/visitors/export', { method: 'POST', cookie: counter, json: { phone } })).json()) as ResidentExport
    expect(doc.sections.map((s) => s.title)).toEqual(['基本信息', '同意记录', '窗口来访记录'])
    expect(doc.sections[2]!.rows.map((r) => [r[3], r[4], r[5]])).toEqual([
      ['需再次来访', '缺照片', '否'],
      ['一次告知', '', '是'],
    ])
    const stats = await (await t.req('/api/counter/visits/stats', { cookie: counter })).json()
    const res = await t.req('/api/counter/visitors/withdraw', { method: 'POST', cookie: counter, json: { phone } })
    expect(await res.json()).toEqual({ counter_visits: 2 })
    expect(await (await t.req('/api/counter/visits/stats', { cookie: counter })).json()).toEqual(stats)
    expect((await t.req('/api/counter/visitors/export', { method: 'POST', cookie: counter, json: { phone } })).status).toBe(404)
    expect((await auditOf('counter_resident')).map((e) => e.action)).toEqual(['export', 'withdraw'])
    const bad = await t.req('/api/counter/visitors/withdraw', { method: 'POST', cookie: counter, json: { phone: '123' } })
    expect(await errorsOf(bad)).toEqual(['phone:手机号为 11 位数字'])
  })
})
