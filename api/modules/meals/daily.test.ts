// The lunch program in daily use: a sale of days the resident already holds needs a reason (kept and
// cleared like a note), allergies and diets are stored and named on the kitchen sheet and the public
// menu, and undoing a pickup is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { AuditPage } from '#domain/audit.ts'

// The test clock: Wednesday 2026-12-02 10:00 in Beijing; the window sells 2026-W50 (12-07 .. 12-13), whose
// seeded Monday serves 五香花生 as its side dish.
let t: TestApp
let meals: string
type Sub = { id: string; name: string; dietary_restrictions: string[] }
let subs: Sub[]
beforeEach(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
  subs = await (await t.req('/api/meals/subscribers', { cookie: meals })).json()
})
afterEach(() => t.close())

let phoneSeq = 0
/** A new resident holding no tickets yet. */
const fresh = async (): Promise<string> => {
  const body = { name: `新居民${++phoneSeq}`, phone: `1391234${String(5000 + phoneSeq)}`, community_id: 'guangquan', consent: { service: true } }
  const res = await t.req('/api/meals/subscribers', { method: 'POST', cookie: meals, json: body })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}
const post = (json: Record<string, unknown>) => t.req('/api/meals/sales', { method: 'POST', cookie: meals, json })
const sale = (subscriber_id: string, over: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  subscriber_id,
  week: '2026-W50',
  lines: [{ date: '2026-12-08', sets: 1 }],
  ...over,
})
const heldDates = async (subscriberId: string) => {
  const list = (await (await t.req(`/api/meals/sales?week=2026-W50&subscriber_id=${subscriberId}`, { cookie: meals })).json()) as {
    id: string
    status: string
    lines: { date: string }[]
  }[]
  return list.filter((s) => s.status === 'active').flatMap((s) => s.lines.map((l) => ({ sale: s.id, date: l.date })))
}

describe('a sale overlapping tickets the resident holds', () => {
  it('is refused without a reason, naming the days and the earlier receipt; with one it is recorded with the reason', async () => {
    const holder = await fresh()
    const first = await post(
      sale(holder, {
        lines: [
          { date: '2026-12-07', sets: 1 },
          { date: '2026-12-08', sets: 1 },
        ],
      }),
    )
    expect(first.status).toBe(201)
    const earlier = (await first.json()) as { id: string }
    const again = sale(holder, {
      lines: [
        { date: '2026-12-08', boxes: 1 },
        { date: '2026-12-09', sets: 1 },
      ],
    })
    const refused = await post(again)
    expect(refused.status).toBe(422)
    const p = await refused.json()
    expect(p.detail).toContain('2026-12-08')
    expect(p.detail).toContain(earlier.id.slice(-12))
    expect(p.errors).toContainEqual(expect.objectContaining({ path: 'overlap_reason', code: 'meals_sale_overlap' }))
    expect(p.overlaps).toContainEqual({ sale_id: earlier.id, dates: ['2026-12-08'] })
    expect((await heldDates(holder)).filter((h) => h.date === '2026-12-09')).toEqual([])

    const ok = await post({ ...again, overlap_reason: '女儿来探望，多买一份' })
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ overlap_reason: '女儿来探望，多买一份', status: 'active' })
    // A resend of the same sale is the same sale, not a second overlap.
    expect((await post({ ...again, overlap_reason: '女儿来探望，多买一份' })).status).toBe(201)
    expect((await heldDates(holder)).filter((h) => h.date === '2026-12-08')).toHaveLength(2)
  })

  it('does not count a voided sale, nor days the resident does not hold', async () => {
    const holder = await fresh()
    const first = (await (await post(sale(holder))).json()) as { id: string }
    expect((await post(sale(holder, { lines: [{ date: '2026-12-10', sets: 1 }] }))).status).toBe(201)
    const voided = await t.req(`/api/meals/sales/${first.id}/void`, { method: 'POST', cookie: meals, json: { reason: '买错了' } })
    expect(voided.status).toBe(200)
    expect((await post(sale(holder))).status).toBe(201)
  })

  it('is refused through the sync engine too, with the reason in the rejection', async () => {
    const holder = await fresh()
    expect((await post(sale(holder))).status).toBe(201)
    const push = async (data: Record<string, unknown>) =>
      (
        (await (
          await t.req('/api/sync/push', {
            method: 'POST',
            cookie: meals,
            json: {
              device_id: 'd1',
              mutations: [
                { id: uuidv7(), op: 'put', base_version: null, client_time: t.clock.now.toISOString(), entity: 'meal_sale', entity_id: uuidv7(), data },
              ],
            },
          })
        ).json()) as { results: { status: string; error?: { detail?: string } }[] }
      ).results[0]!
    const { id: _id, ...data } = sale(holder)
    const refused = await push(data)
    expect(refused.status).toBe('rejected')
    expect(JSON.stringify(refused)).toContain('2026-12-08')
    expect((await push({ ...data, overlap_reason: '给老伴也买一份' })).status).toBe('applied')
  })
})

describe('allergies and diets', () => {
  it('keeps a resident’s structured restrictions beside the free text and refuses words outside the vocabulary', async () => {
    const body = {
      name: '测试居民',
      phone: '13912345678',
      community_id: 'guangquan',
      dietary_notes: '花生过敏，吃了会起疹子',
      dietary_restrictions: ['peanut', 'soft'],
      consent: { service: true, health: true },
    }
    const res = await t.req('/api/meals/subscribers', { method: 'POST', cookie: meals, json: body })
    expect(res.status).toBe(201)
    const created = (await res.json()) as Sub
    expect(created.dietary_restrictions).toEqual(['peanut', 'soft'])
    const bad = await t.req('/api/meals/subscribers', {
      method: 'POST',
      cookie: meals,
      json: { ...body, phone: '13912345679', dietary_restrictions: ['pork'] },
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0]).toMatchObject({ path: 'dietary_restrictions.0', message: '饮食禁忌不正确' })
  })

  it('tags dishes with allergens; the demo 五香花生 contains peanuts and a demo resident is allergic to them', async () => {
    const dishes = (await (await t.req('/api/meals/dishes', { cookie: meals })).json()) as { name: string; allergens: string[] }[]
    expect(dishes.find((d) => d.name === '五香花生')!.allergens).toEqual(['peanut'])
    expect(subs.find((s) => s.name === '周玉珍')!.dietary_restrictions).toEqual(['peanut'])
    const made = await t.req('/api/meals/dishes', {
      method: 'POST',
      cookie: meals,
      json: { name: '虾仁炒蛋', category: 'meat', tags: ['soft'], allergens: ['seafood', 'egg'] },
    })
    expect(made.status).toBe(201)
    expect(await made.json()).toMatchObject({ allergens: ['seafood', 'egg'] })
    const bad = await t.req('/api/meals/dishes', { method: 'POST', cookie: meals, json: { name: '坚果', category: 'side', allergens: ['nuts'] } })
    expect((await bad.json()).errors[0]).toMatchObject({ path: 'allergens.0', message: '过敏原不正确' })
  })

  it('lists the conflicts of the day on the kitchen sheet, by name and dish', async () => {
    const allergic = subs.find((s) => s.name === '周玉珍')!
    expect((await post(sale(allergic.id, { lines: [{ date: '2026-12-07', sets: 1 }] }))).status).toBe(201)
    const sheet = await (await t.req('/api/meals/kitchen/2026-12-07', { cookie: meals })).json()
    expect(sheet.dishes.side).toBe('五香花生')
    expect(sheet.conflicts).toContainEqual(
      expect.objectContaining({ name: '周玉珍', dish: '五香花生', restriction: 'peanut', kind: 'allergen', category: 'side' }),
    )
    expect(sheet.diets).toContainEqual(expect.objectContaining({ name: '周玉珍', restrictions: ['peanut'] }))
  })

  it('shows dish tags and allergens on the public menu', async () => {
    const view = await (await t.req('/api/meals/public')).json()
    const monday = view.weeks[1].days.find((d: { date: string }) => d.date === '2026-12-07')
    expect(monday.dishes.side).toEqual({ name: '五香花生', tags: ['vegetarian'], allergens: ['peanut'] })
  })
})

describe('undoing a pickup', () => {
  it('is recorded in the audit log with who, when and what was undone; a first check-off is not', async () => {
    const today = '2026-12-02'
    const list = await (await t.req(`/api/meals/pickups/${today}`, { cookie: meals })).json()
    const row = list.rows.find((r: { picked: boolean }) => !r.picked)
    const id = uuidv7()
    const put = (picked: boolean) =>
      t.req('/api/meals/pickups', { method: 'PUT', cookie: meals, json: { id, date: today, subscriber_id: row.subscriber_id, picked } })
    expect((await put(true)).status).toBe(200)
    const admin = await t.login('admin')
    const entries = async () => ((await (await t.req('/api/admin/audit?entity=meal_pickup', { cookie: admin })).json()) as AuditPage).items
    expect(await entries()).toEqual([])
    expect((await put(false)).status).toBe(200)
    const [entry] = await entries()
    expect(entry).toMatchObject({
      action: 'undo',
      entity_id: id,
      actor_name: '周助餐',
      before: { date: today, subscriber_id: row.subscriber_id, picked: true },
      after: { picked: false, picked_at: null },
    })
    // Undoing what is not picked changes nothing worth recording.
    expect((await put(false)).status).toBe(200)
    expect(await entries()).toHaveLength(1)
  })
})
