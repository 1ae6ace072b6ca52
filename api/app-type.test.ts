// AppType describes the whole API to hono's typed client: the core routes and those of every module,
// with the request and answer types of their route definitions. The calls below only type-check when
// the module routes are in AppType; they run against the demo app.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { hc } from 'hono/client'
import type { AppType } from './app.ts'
import { createTestApp, type TestApp } from './test-support/testing.ts'
import { businessDate, isoWeekOf } from '#domain/time.ts'
import type { RosterWeek } from '#domain/counter/views.ts'
import type { PublicMeals } from '#domain/meals/views.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const client = () => hc<AppType>('http://localhost', { fetch: (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input, init) })

describe('AppType', () => {
  it('types the core and the module routes for the typed client', async () => {
    const health = await client().api.health.$get()
    expect(health.status).toBe(200)

    const pub = await client().api.meals.public.$get({ query: { subdistrict: 'shuangjing' } })
    expect(pub.status).toBe(200)
    if (pub.status !== 200) return
    const meals = await pub.json()
    expectTypeOf(meals.weeks[0]!.prices.set_fen).toEqualTypeOf<number>()
    expectTypeOf(meals.pickup_points).toEqualTypeOf<PublicMeals['pickup_points']>()
    expect(meals.weeks).toHaveLength(2)

    const cookie = await t.login('counter')
    const week = isoWeekOf(businessDate(new Date()))
    const res = await client().api.counter.roster.$get({ query: { week } }, { headers: { cookie } })
    expect(res.status).toBe(200)
    if (res.status !== 200) return
    const roster = await res.json()
    expectTypeOf(roster.conflicts).toEqualTypeOf<RosterWeek['conflicts']>()
    expect(roster.week).toBe(week)
  })
})
