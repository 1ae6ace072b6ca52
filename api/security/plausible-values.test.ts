// Amounts, times and positions a device sends are bounded by the server: paid within the sale's total
// (less only with a reason), times within the server clock's window, positions inside the subdistrict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, MutationResult, PushResponse } from '#domain/sync.ts'

// The test clock: 2026-12-02T02:00:00Z, Wednesday 10:00 in Beijing; the window sells 2026-W50.
let t: TestApp
let meals: string
let insp: string
let subscriberId: string
beforeAll(async () => {
  t = await createTestApp()
  ;[meals, insp] = [await t.login('meals'), await t.login('inspector')]
  subscriberId = ((await (await t.req('/api/meals/subscribers', { cookie: meals })).json()) as { id: string }[])[0]!.id
})
afterAll(() => t.close())

const sale = (over: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  subscriber_id: subscriberId,
  week: '2026-W50',
  lines: [{ date: '2026-12-09', sets: 1 }],
  ...over,
})
const post = async (json: unknown) => {
  const res = await t.req('/api/meals/sales', { method: 'POST', cookie: meals, json, headers: { 'accept-language': 'en' } })
  return {
    status: res.status,
    body: (await res.json()) as { paid_fen?: number; total_fen?: number; errors?: { path: string; code: string; message: string }[] },
  }
}
const push = async (m: Omit<Mutation, 'id' | 'entity_id' | 'op' | 'base_version' | 'client_time'>): Promise<MutationResult> => {
  const mutation = { id: uuidv7(), entity_id: uuidv7(), op: 'put', base_version: null, client_time: t.clock.now.toISOString(), ...m }
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-p', mutations: [mutation] } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results[0]!
}

describe('amounts', () => {
  it('paid is at most the total; less than the total needs a reason in the note', async () => {
    const over = await post(sale({ paid_fen: 100_000 }))
    expect(over.status).toBe(422)
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'paid_fen', code: 'meals_paid_over_total' })])
    const short = await post(sale({ paid_fen: 0 }))
    expect(short.status).toBe(422)
    expect(short.body.errors).toEqual([expect.objectContaining({ path: 'paid_fen', code: 'meals_paid_short_reason' })])
    expect((await t.deps.db.selectFrom('meal_sales').select('id').where('paid_fen', 'in', [0, 100_000]).execute()).length).toBe(0)
    const credit = await post(sale({ paid_fen: 0, note: '子女下周来补交' }))
    expect(credit).toMatchObject({ status: 201, body: { paid_fen: 0 } })
    const full = await post(sale({ lines: [{ date: '2026-12-10', sets: 1 }] }))
    expect(full.status).toBe(201)
    expect(full.body.paid_fen).toBe(full.body.total_fen)
  })
})

describe('times', () => {
  it('a pickup cannot be checked off for a day still to come, and a far-off device clock is not taken', async () => {
    const future = sale({ lines: [{ date: '2026-12-07', sets: 1 }] })
    expect((await post(future)).status).toBe(201)
    const ahead = await t.req('/api/meals/pickups', {
      method: 'PUT',
      cookie: meals,
      json: { id: uuidv7(), date: '2026-12-07', subscriber_id: subscriberId, picked: true },
    })
    expect(ahead.status).toBe(422)
    expect(((await ahead.json()) as { errors: { path: string; code: string }[] }).errors[0]).toMatchObject({ path: 'date', code: 'meals_pickup_future' })
    const today = (await (await t.req('/api/meals/pickups/2026-12-02', { cookie: meals })).json()) as { rows: { subscriber_id: string }[] }
    const who = today.rows[0]!.subscriber_id
    const res = await t.req('/api/meals/pickups', {
      method: 'PUT',
      cookie: meals,
      json: { id: uuidv7(), date: '2026-12-02', subscriber_id: who, picked: true, client_time: '2099-01-01T03:00:00Z' },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { picked_at: string }).picked_at).toBe(t.clock.now.toISOString())
    // A plausible device time on the day is kept.
    const kept = await t.req('/api/meals/pickups', {
      method: 'PUT',
      cookie: meals,
      json: { id: uuidv7(), date: '2026-12-02', subscriber_id: today.rows[1]!.subscriber_id, picked: true, client_time: '2026-12-02T01:55:00.000Z' },
    })
    expect(((await kept.json()) as { picked_at: string }).picked_at).toBe('2026-12-02T01:55:00.000Z')
  })

  const report = (over: Record<string, unknown>) => ({
    position: { lat: 39.8986, lng: 116.4801, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '外企大厦门前',
    kind: 'shared_bike',
    counts: { 'bike-a': 3 },
    blocked_share: 0.5,
    photos: [],
    note: '',
    observed_at: '2026-12-02T01:58:00.000Z',
    ...over,
  })

  it('a report observed in year 9999, year 0001 or 31 days ago is rejected at observed_at; a few days late is fine', async () => {
    for (const [at, key] of [
      ['9999-12-31T00:00:00Z', 'time_future'],
      ['2026-12-02T02:11:00Z', 'time_future'],
      ['0001-01-01T00:00:00Z', 'time_too_old'],
      ['2026-11-01T01:59:00Z', 'time_too_old'],
    ] as const) {
      const r = await push({ entity: 'report', data: report({ observed_at: at }) })
      expect(r, at).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'observed_at', code: key })] })
    }
    expect((await push({ entity: 'report', data: report({ observed_at: '2026-11-28T08:00:00Z' }) })).status).toBe('applied')
  })
})

describe('positions', () => {
  it('a report at (0, 0) or across the city is rejected at position; one near the edge is fine', async () => {
    const base = { lat: 39.8986, lng: 116.4801, accuracy_m: 6, source: 'map' }
    for (const at of [
      { lat: 0, lng: 0 },
      { lat: 39.9087, lng: 116.3975 }, // 天安门, about 7 km away
    ]) {
      const r = await push({
        entity: 'report',
        data: { position: { ...base, ...at }, community_id: 'jiulongnan', kind: 'shared_bike', counts: { 'bike-a': 1 }, observed_at: '2026-12-02T01:58:00Z' },
      })
      expect(r).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'position', code: 'position_outside' })] })
    }
    const edge = await push({
      entity: 'report',
      data: {
        position: { ...base, lat: 39.8935, lng: 116.4985 },
        community_id: 'jiulongnan',
        kind: 'shared_bike',
        counts: { 'bike-a': 1 },
        observed_at: '2026-12-02T01:58:00Z',
      },
    })
    expect(edge.status).toBe('applied')
  })
})
