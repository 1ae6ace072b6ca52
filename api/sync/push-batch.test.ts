// A batch of patrol reports with bad mutations between them, on SQLite and PostgreSQL alike: the good
// ones keep every write (report, hotspot, operator task, change), the bad ones none, and the change log
// the pull reads stays gapless and in the batch's order, also across the next push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PullResponse, PushResponse } from '#domain/sync.ts'
import { TEST_ENTITY } from '../test-support/testing-entity.ts'

const SD = 'shuangjing'
let t: TestApp
let insp: string
let coord: string
beforeAll(async () => {
  t = await createTestApp({ testNotes: true })
  ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
})
afterAll(() => t.close())

const mut = (entity: string, data: Record<string, unknown>): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data,
  client_time: '2026-12-02T01:59:00Z',
})
const report = (i: number, over: Record<string, unknown> = {}) =>
  mut('report', {
    position: { lat: 39.8986 + i * 0.002, lng: 116.4801, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '外企大厦门前',
    kind: 'shared_bike',
    counts: { 'bike-a': 3 + i },
    blocked_share: 0.5,
    clear_width_m: 1.2,
    photos: [],
    note: '',
    observed_at: '2026-12-02T01:58:00.000Z',
    ...over,
  })
const note = (text: string) => mut(TEST_ENTITY, { community_id: 'jiulongnan', text })
const push = async (mutations: Mutation[]) => {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-batch', mutations } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results
}
const counter = async () => Number((await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()).seq)
const loggedSince = (seq: number) =>
  t.deps.db.selectFrom('change_log').select(['seq', 'entity', 'entity_id']).where('subdistrict_id', '=', SD).where('seq', '>', seq).orderBy('seq').execute()

describe('a push batch with bad mutations in the middle', () => {
  it('keeps the good ones whole, leaves nothing of the bad ones, and logs the good changes gapless in order', async () => {
    const before = await counter()
    const a = report(0)
    const extraRejected = note('extra-change-then-rejected')
    const unknownCommunity = report(1, { community_id: 'no-such-community' })
    const refusedByDb = note('database-error')
    const extra = note('extra-change')
    const b = report(2)
    const rejectedAfterWrite = note('rejected-after-write')
    const unknownOperator = report(3, { counts: { 'no-such-operator': 2 } })
    const c = report(4)
    const batch = [a, extraRejected, unknownCommunity, refusedByDb, extra, b, rejectedAfterWrite, unknownOperator, c]
    const results = await push(batch)
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied', 'applied', 'rejected', 'rejected', 'applied'])

    // The log: one change per good mutation plus the handler's own extra change, seqs before+1… with no
    // gap (the rolled-back mutations' seqs were given back), in the order the batch applied them.
    const logged = await loggedSince(before)
    expect(logged.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5].map((k) => before + k))
    expect(logged.map((r) => r.entity_id)).toEqual([a.entity_id, `${extra.entity_id}-extra`, extra.entity_id, b.entity_id, c.entity_id])
    expect(await counter()).toBe(before + 5)

    // Good reports have their hotspot and their operator task; nothing of the rejected ones is stored.
    const ids = batch.map((m) => m.entity_id)
    const reports = await t.deps.db.selectFrom('patrol_reports').select(['id', 'hotspot_id']).where('subdistrict_id', '=', SD).where('id', 'in', ids).execute()
    expect(reports.map((r) => r.id).sort()).toEqual([a.entity_id, b.entity_id, c.entity_id].sort())
    expect(reports.every((r) => r.hotspot_id !== null)).toBe(true)
    const tasks = await t.deps.db
      .selectFrom('patrol_operator_tasks')
      .select(['report_id', 'operator_id'])
      .where('subdistrict_id', '=', SD)
      .where('report_id', 'in', ids)
      .execute()
    expect(tasks.map((x) => x.report_id).sort()).toEqual([a.entity_id, b.entity_id, c.entity_id].sort())
    expect(tasks.every((x) => x.operator_id === 'bike-a')).toBe(true)
    const notes = await t.deps.db
      .selectFrom('sync_test_notes' as never)
      .select('id' as never)
      .where('id' as never, 'in', ids as never)
      .execute()
    expect(notes.map((n) => (n as { id: string }).id)).toEqual([extra.entity_id])
    const applied = await t.deps.db
      .selectFrom('applied_mutations')
      .select(['mutation_id', 'status'])
      .where('subdistrict_id', '=', SD)
      .where(
        'mutation_id',
        'in',
        batch.map((m) => m.id),
      )
      .execute()
    expect(applied).toHaveLength(batch.length)

    // The pull pages through exactly these changes, in seq order.
    const res = await t.req(`/api/sync/pull?since=${before}&limit=3`, { cookie: coord })
    const page = (await res.json()) as PullResponse
    expect(page.changes.map((x) => x.seq)).toEqual([before + 1, before + 2, before + 3])
    expect(page.more).toBe(true)

    // The next push continues the log where this one ended, and a replay of the first writes nothing.
    const d = report(5)
    expect((await push([d]))[0]!.status).toBe('applied')
    expect((await loggedSince(before + 5)).map((r) => [Number(r.seq), r.entity_id])).toEqual([[before + 6, d.entity_id]])
    expect(await push(batch)).toEqual(results)
    expect(await counter()).toBe(before + 6)
  })
})
