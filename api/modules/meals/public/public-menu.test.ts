// The residents' menu is kept per process under the subdistrict's meal stamp: a repeated request reads
// the stamp alone, and whatever another process or a tool writes to the meal tables, or the clock
// moving on, is in the next answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type CompiledQuery } from 'kysely'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { openDatabase, type Database } from '../../../db/database.ts'
import { createApp } from '../../../app.ts'
import { MEAL_PUBLIC_TABLES } from '../../../db/migrations/0032_meals_public_stamp.ts'

// Clock: 2026-12-02 (W49). The seed publishes W49 and W50.
let t: TestApp
let meals: string
/** A second API process on the same database, its statements logged. */
let other: { db: Database; app: ReturnType<typeof createApp> }
const captured: CompiledQuery[] = []
const opened: Database[] = []

const open = (log?: (q: CompiledQuery) => void) => {
  const d = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 2, log: log && ((e) => void (e.level === 'query' && log(e.query))) })
  opened.push(d)
  return { db: d, app: createApp({ ...t.deps, db: d.db }) }
}
const menuOf = async (app: ReturnType<typeof createApp>) => {
  const res = await app.request('/api/meals/public')
  expect(res.status).toBe(200)
  return (await res.json()) as {
    today: string
    weeks: { week: string; days: { closed: boolean }[]; changes: { note: string }[]; prices: { set_fen: number } }[]
    window: unknown
    pickup_points: { name: string }[]
  }
}

beforeAll(async () => {
  t = await createTestApp()
  meals = await t.login('meals')
  other = open((q) => captured.push(q))
})
afterAll(async () => {
  for (const d of opened) await d.close()
  await t?.close()
})

describe("the residents' menu kept under the meal stamp", () => {
  it('answers a repeated request with one statement, the same answer', async () => {
    const first = await menuOf(other.app)
    captured.length = 0
    const again = await menuOf(other.app)
    expect(again).toEqual(first)
    expect(captured.map((q) => q.sql.split(' ')[0])).toEqual(['select'])
    expect(captured[0]!.sql).toContain('meal_public_stamps')
  })

  it('shows a change published through another process at once', async () => {
    const before = await menuOf(other.app)
    expect(before.weeks[1]!.changes).toEqual([])
    const menu = await (await t.req('/api/meals/menus/2026-W50', { cookie: meals })).json()
    const days = menu.days.map((d: { date: string; closed: boolean; closed_reason: string | null; dishes: Record<string, { id: string } | null> }) => ({
      date: d.date,
      closed: d.closed,
      closed_reason: d.closed_reason,
      dishes: Object.fromEntries(Object.entries(d.dishes).map(([k, v]) => [k, v?.id ?? null])),
    }))
    days[2].closed = true
    days[2].closed_reason = '厨房检修'
    const put = await t.req('/api/meals/menus/2026-W50', { method: 'PUT', cookie: meals, json: { days, change_note: '周三厨房检修，停餐一天' } })
    expect(put.status).toBe(200)
    const after = await menuOf(other.app)
    expect(after.weeks[1]!.changes).toEqual([expect.objectContaining({ note: '周三厨房检修，停餐一天' })])
    expect(after.weeks[1]!.days[2]!.closed).toBe(true)
    // The same as a process that has kept nothing.
    expect(after).toEqual(await menuOf(open().app))
  })

  it('shows new sales window settings and writes made outside the API (prices, pickup points) at once', async () => {
    const before = await menuOf(other.app)
    const window = { opens_weekday: 2, opens_time: '08:00', closes_weekday: 3, closes_time: '09:30' }
    expect((await t.req('/api/meals/settings', { method: 'PUT', cookie: meals, json: window })).status).toBe(200)
    const moved = await menuOf(other.app)
    expect(moved.window).not.toEqual(before.window)
    expect(moved).toEqual(await menuOf(open().app))
    await t.deps.db
      .updateTable('meal_prices')
      .set((eb) => ({ set_fen: eb('set_fen', '+', 100) }))
      .execute()
    await t.deps.db.updateTable('meal_pickup_points').set({ active: 0 }).execute()
    const after = await menuOf(other.app)
    expect(after.pickup_points).toEqual([])
    expect(after).toEqual(await menuOf(open().app))
  })

  it('every insert, update and delete on the tables the menu reads renews the stamp', async () => {
    const stamp = async () =>
      (await t.deps.db.selectFrom('meal_public_stamps').select('stamp').where('subdistrict_id', '=', 'shuangjing').executeTakeFirst())?.stamp
    for (const table of MEAL_PUBLIC_TABLES) {
      const cols = Object.keys(
        (await sql.raw<Record<string, unknown>>(`select * from ${table} where subdistrict_id = 'shuangjing' limit 1`).execute(t.deps.db)).rows[0] ?? {},
      )
      expect(cols.length, `${table} has a seeded row`).toBeGreaterThan(0)
      const copy = `create temporary table keep_${table} as select * from ${table} where subdistrict_id = 'shuangjing'`
      await sql.raw(copy).execute(t.deps.db)
      let was = await stamp()
      await sql.raw(`update ${table} set subdistrict_id = subdistrict_id where subdistrict_id = 'shuangjing'`).execute(t.deps.db)
      expect(await stamp(), `update ${table}`).not.toBe(was)
      was = await stamp()
      await sql.raw(`delete from ${table} where subdistrict_id = 'shuangjing'`).execute(t.deps.db)
      expect(await stamp(), `delete ${table}`).not.toBe(was)
      was = await stamp()
      await sql.raw(`insert into ${table} select * from keep_${table}`).execute(t.deps.db)
      expect(await stamp(), `insert ${table}`).not.toBe(was)
      await sql.raw(`drop table keep_${table}`).execute(t.deps.db)
    }
  })

  it('follows the clock with the data unchanged: the sales window, the business day and the week', async () => {
    for (const hours of [0, 3, 9, 20, 30, 24 * 4, 24 * 7]) {
      if (hours) t.clock.advance(hours * 3_600_000)
      const kept = await menuOf(other.app)
      expect(kept, `+${hours} h`).toEqual(await menuOf(open().app))
    }
  })
})
