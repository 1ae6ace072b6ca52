import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'

// Clock: 2026-12-02 (W49). The seed publishes W49 and W50; W51 has no menu yet.
let t: TestApp
let meals: string
beforeEach(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
})
afterEach(() => t.close())

type Day = { date: string; closed: boolean; closed_reason: string | null; dishes: Record<string, { id: string } | null> }
const asInput = (days: Day[]) =>
  days.map((d) => ({
    date: d.date,
    closed: d.closed,
    closed_reason: d.closed_reason,
    dishes: Object.fromEntries(Object.entries(d.dishes).map(([k, v]) => [k, v?.id ?? null])),
  }))

describe('weekly menu', () => {
  it('locks a published week: a change needs a note and is shown as a change, also publicly', async () => {
    const menu = await (await t.req('/api/meals/menus/2026-W50', { cookie: meals })).json()
    expect(menu.status).toBe('published')
    const days = asInput(menu.days)
    days[2]!.closed = true
    days[2]!.closed_reason = '厨房检修'
    const noNote = await t.req('/api/meals/menus/2026-W50', { method: 'PUT', cookie: meals, json: { days } })
    expect(noNote.status).toBe(400)
    expect((await noNote.json()).errors).toEqual([expect.objectContaining({ path: 'change_note', message: '菜单已发布，修改须填写说明' })])
    expect((await (await t.req('/api/meals/menus/2026-W50', { cookie: meals })).json()).days[2].closed).toBe(false)

    const ok = await t.req('/api/meals/menus/2026-W50', { method: 'PUT', cookie: meals, json: { days, change_note: '周三厨房检修，停餐一天' } })
    expect(ok.status).toBe(200)
    const changed = await ok.json()
    expect(changed.status).toBe('published')
    expect(changed.days[2]).toMatchObject({ closed: true, closed_reason: '厨房检修' })
    expect(changed.changes).toEqual([expect.objectContaining({ note: '周三厨房检修，停餐一天', by_name: '周助餐' })])
    const pub = await (await t.req('/api/meals/public')).json()
    const w50 = pub.weeks.find((w: { week: string }) => w.week === '2026-W50')
    expect(w50.changes).toEqual([expect.objectContaining({ note: '周三厨房检修，停餐一天' })])
    expect(w50.days[2].closed).toBe(true)
  })

  it('drafts a new week freely, refuses to publish an incomplete one, then publishes', async () => {
    const empty = await (await t.req('/api/meals/menus/2026-W51', { cookie: meals })).json()
    expect(empty.status).toBe('none')
    expect(empty.days.map((d: Day) => d.date)).toEqual(['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19', '2026-12-20'])
    const template = asInput((await (await t.req('/api/meals/menus/2026-W50', { cookie: meals })).json()).days)
    const days = template.map((d, i) => ({ ...d, date: empty.days[i].date as string, closed: false, closed_reason: null as string | null }))
    days[6]!.dishes = { meat: null, vegetable: null, side: null, staple: null, soup: null }
    expect((await t.req('/api/meals/menus/2026-W51', { method: 'PUT', cookie: meals, json: { days } })).status).toBe(200)
    const refused = await t.req('/api/meals/menus/2026-W51/publish', { method: 'POST', cookie: meals })
    expect(refused.status).toBe(422)
    expect((await refused.json()).errors[0].path).toBe('days.6.dishes.meat')
    days[6]!.closed = true
    days[6]!.closed_reason = '周日休息'
    await t.req('/api/meals/menus/2026-W51', { method: 'PUT', cookie: meals, json: { days } })
    const pub = await t.req('/api/meals/menus/2026-W51/publish', { method: 'POST', cookie: meals })
    expect(pub.status).toBe(200)
    expect((await pub.json()).status).toBe('published')
  })

  it('refuses a dish in the wrong slot, a wrong date and a malformed week', async () => {
    const menu = await (await t.req('/api/meals/menus/2026-W50', { cookie: meals })).json()
    const days = asInput(menu.days)
    days[0]!.dishes.meat = days[0]!.dishes.vegetable!
    const wrong = await t.req('/api/meals/menus/2026-W50', { method: 'PUT', cookie: meals, json: { days, change_note: 'x' } })
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).errors[0].path).toBe('days.0.dishes.meat')
    const badWeek = await t.req('/api/meals/menus/2026-W54', { cookie: meals })
    expect(badWeek.status).toBe(400)
    expect((await badWeek.json()).errors[0].message).toContain('ISO 周')
  })

  it('manages dishes with categories and dietary tags', async () => {
    const res = await t.req('/api/meals/dishes', {
      method: 'POST',
      cookie: meals,
      json: { name: '清蒸南瓜', category: 'vegetable', tags: ['soft', 'low_salt'] },
    })
    expect(res.status).toBe(201)
    const bad = await t.req('/api/meals/dishes', { method: 'POST', cookie: meals, json: { name: '', category: 'dessert', tags: ['sweet'] } })
    const errs = (await bad.json()).errors.map((e: { path: string }) => e.path)
    expect(errs).toEqual(expect.arrayContaining(['name', 'category', 'tags.0']))
  })
})
