import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

// The test clock starts at 2026-12-02T02:00:00Z = Wednesday 10:00 in Beijing, ISO week 2026-W49:
// the window (Mon 10:00 – Thu 20:00) is open and sells 2026-W50 (2026-12-07 .. 2026-12-13).
let t: TestApp
let meals: string
let subscriberId: string
beforeEach(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
  const list = await (await t.req('/api/meals/subscribers', { cookie: meals })).json()
  subscriberId = list[0].id
})
afterEach(() => t.close())

const sale = (over: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  subscriber_id: subscriberId,
  week: '2026-W50',
  lines: [{ date: '2026-12-07', sets: 1 }],
  ...over,
})
/** Moves the server clock and signs in again (sessions idle out after 8 h). */
const setClock = async (iso: string) => {
  t.clock.now = new Date(iso)
  meals = await t.login('meals')
}
const kitchen = async (date: string) => (await t.req(`/api/meals/kitchen/${date}`, { cookie: meals })).json()

describe('ticket sales', () => {
  it('records a sale inside the window, priced in fen, and the kitchen sheet counts it', async () => {
    const before = await kitchen('2026-12-08')
    const body = sale({
      lines: [
        { date: '2026-12-07', sets: 1 },
        { date: '2026-12-08', boxes: 1, rice: 1, buns: 2, soups: 1 },
      ],
    })
    const res = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: body })
    expect(res.status).toBe(201)
    const s = await res.json()
    expect(s).toMatchObject({ status: 'active', total_fen: 3800 + 3600 + 200 + 200 + 300, paid_fen: 8100, week: '2026-W50', sold_by_name: '周助餐' })
    expect(s.lines.map((l: { fen: number }) => l.fen)).toEqual([3800, 4300])
    const receipt = await (await t.req(`/api/meals/sales/${body.id}`, { cookie: meals })).json()
    expect(receipt.subscriber_phone_masked).toMatch(/^\d{3}\*{4}\d{4}$/)
    const after = await kitchen('2026-12-08')
    expect(after.totals.boxes - before.totals.boxes).toBe(1)
    expect(after.totals.rice - before.totals.rice).toBe(1)
    expect(after.totals.bun_pairs - before.totals.bun_pairs).toBe(1)
    expect(after.totals.soups - before.totals.soups).toBe(1)
    expect(after.totals.sets).toBe(before.totals.sets)
  })

  it('bundles meat+vegetable+side picks into a box and refuses a meat dish alone or an odd bun count', async () => {
    const ok = await t.req('/api/meals/sales', {
      method: 'POST',
      cookie: meals,
      json: sale({ lines: [{ date: '2026-12-09', meat: 1, vegetable: 1, side: 1 }] }),
    })
    expect((await ok.json()).total_fen).toBe(3600)
    const alone = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale({ lines: [{ date: '2026-12-09', meat: 1, rice: 1 }] }) })
    expect(alone.status).toBe(400)
    expect((await alone.json()).errors).toContainEqual(expect.objectContaining({ path: 'lines.0.meat', message: expect.stringContaining('不能单点') }))
    const odd = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale({ lines: [{ date: '2026-12-09', buns: 3 }] }) })
    expect((await odd.json()).errors).toContainEqual(expect.objectContaining({ path: 'lines.0.buns', message: expect.stringContaining('双数') }))
  })

  it('refuses a sale at Thursday closing, naming the window, and records nothing', async () => {
    await setClock('2026-12-03T11:59:59Z') // Thursday 19:59:59 in Beijing
    expect((await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale() })).status).toBe(201)
    await setClock('2026-12-03T12:00:00Z') // Thursday 20:00:00
    const body = sale()
    const res = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: body })
    expect(res.status).toBe(422)
    const p = await res.json()
    expect(p.type).toMatch(/meals-window-closed/)
    expect(p.detail).toContain('每周一 10:00 至周四 20:00（北京时间）')
    expect(p.detail).toContain('2026-12-03 20:00')
    expect(p.window).toMatchObject({ status: 'after', week: '2026-W50' })
    expect((await t.req(`/api/meals/sales/${body.id}`, { cookie: meals })).status).toBe(404)
    const en = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale(), headers: { 'accept-language': 'en' } })
    expect((await en.json()).detail).toContain('Tickets are sold Monday 10:00 to Thursday 20:00 (Beijing time)')
  })

  it('refuses the wrong week and a closed day with per-field reasons', async () => {
    const wrongWeek = await t.req('/api/meals/sales', {
      method: 'POST',
      cookie: meals,
      json: sale({ week: '2026-W49', lines: [{ date: '2026-12-03', sets: 1 }] }),
    })
    expect(wrongWeek.status).toBe(422)
    expect((await wrongWeek.json()).detail).toContain('只能购买 2026-W50 的餐券')
    const sunday = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale({ lines: [{ date: '2026-12-13', sets: 1 }] }) })
    expect(sunday.status).toBe(422)
    expect((await sunday.json()).errors[0]).toMatchObject({ path: 'lines.0.date', code: 'meals_day_closed' })
  })

  it('opens on Monday at opening time by the server clock, whatever the device says', async () => {
    await setClock('2026-12-07T01:59:59Z') // Monday 09:59:59 in Beijing, week W50: next window sells W51
    const early = await t.req('/api/meals/sales', {
      method: 'POST',
      cookie: meals,
      json: sale({ week: '2026-W51', client_time: '2026-12-07T03:00:00Z', lines: [{ date: '2026-12-14', sets: 1 }] }),
    })
    expect(early.status).toBe(422)
    expect((await early.json()).detail).toContain('将于 2026-12-07 10:00 开售')
  })

  it('voids a sale with a reason and a refund, and the kitchen sheet drops it', async () => {
    const body = sale({ lines: [{ date: '2026-12-10', sets: 2 }] })
    await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: body })
    const before = await kitchen('2026-12-10')
    const noReason = await t.req(`/api/meals/sales/${body.id}/void`, { method: 'POST', cookie: meals, json: { reason: ' ' } })
    expect(noReason.status).toBe(400)
    expect((await noReason.json()).errors[0]).toMatchObject({ path: 'reason', message: '请填写原因' })
    const tooMuch = await t.req(`/api/meals/sales/${body.id}/void`, { method: 'POST', cookie: meals, json: { reason: '住院', refund_fen: 99999 } })
    expect(tooMuch.status).toBe(400)
    const voided = await t.req(`/api/meals/sales/${body.id}/void`, { method: 'POST', cookie: meals, json: { reason: '住院，家属来退' } })
    expect(voided.status).toBe(200)
    expect(await voided.json()).toMatchObject({ status: 'void', void_reason: '住院，家属来退', refund_fen: 7600 })
    expect((await kitchen('2026-12-10')).totals.sets).toBe(before.totals.sets - 2)
    expect((await t.req(`/api/meals/sales/${body.id}/void`, { method: 'POST', cookie: meals, json: { reason: '再退' } })).status).toBe(409)
    const rec = await (await t.req('/api/meals/reports/2026-W50', { cookie: meals })).json()
    const row = rec.ledger.find((r: { subscriber_id: string }) => r.subscriber_id === subscriberId)
    expect(row.balance_fen).toBe(0)
  })

  it('uses the week price list, refuses fractional fen', async () => {
    const bad = await t.req('/api/meals/prices/2026-W50', {
      method: 'PUT',
      cookie: meals,
      json: { set_fen: 3900.5, box_fen: 3600, rice_fen: 200, bun_pair_fen: 200, soup_fen: 300 },
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0]).toMatchObject({ path: 'set_fen', message: '金额须为整数分（不能有小数）' })
    expect(
      (
        await t.req('/api/meals/prices/2026-W50', {
          method: 'PUT',
          cookie: meals,
          json: { set_fen: 3900, box_fen: 3600, rice_fen: 200, bun_pair_fen: 200, soup_fen: 300 },
        })
      ).status,
    ).toBe(200)
    const s = await (await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale() })).json()
    expect(s.total_fen).toBe(3900)
  })

  it('follows configured window times', async () => {
    const res = await t.req('/api/meals/settings', {
      method: 'PUT',
      cookie: meals,
      json: { opens_weekday: 1, opens_time: '10:00', closes_weekday: 3, closes_time: '09:00' },
    })
    expect(res.status).toBe(200)
    const refused = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json: sale() })
    expect(refused.status).toBe(422)
    expect((await refused.json()).detail).toContain('至周三 09:00')
    const bad = await t.req('/api/meals/settings', {
      method: 'PUT',
      cookie: meals,
      json: { opens_weekday: 4, opens_time: '10:00', closes_weekday: 1, closes_time: '09:00' },
    })
    expect((await bad.json()).errors[0].path).toBe('closes_time')
  })
})

describe('pickup check-off', () => {
  it('checks residents off and counts no-shows once the pickup time is over', async () => {
    const today = '2026-12-02'
    const list = await (await t.req(`/api/meals/pickups/${today}`, { cookie: meals })).json()
    expect(list.rows.length).toBeGreaterThan(5)
    expect(list.no_shows).toBe(0)
    const first = list.rows.find((r: { picked: boolean }) => !r.picked)
    const put = await t.req('/api/meals/pickups', {
      method: 'PUT',
      cookie: meals,
      json: { id: uuidv7(), date: today, subscriber_id: first.subscriber_id, picked: true },
    })
    expect(put.status).toBe(200)
    await setClock('2026-12-02T04:31:00Z') // 12:31 in Beijing, after the 12:30 close
    const after = await (await t.req(`/api/meals/pickups/${today}`, { cookie: meals })).json()
    expect(after.picked).toBe(list.picked + 1)
    expect(after.no_shows).toBe(after.rows.length - after.picked)
    expect(after.pending).toBe(0)
    const stranger = await t.req('/api/meals/pickups', {
      method: 'PUT',
      cookie: meals,
      json: { id: uuidv7(), date: '2026-12-13', subscriber_id: first.subscriber_id, picked: true },
    })
    expect(stranger.status).toBe(422)
  })
})
