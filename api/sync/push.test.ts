import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { allTestNotes, faultsSeen, TEST_ENTITY } from '../test-support/testing-entity.ts'

let t: TestApp
let insp: string
beforeAll(async () => {
  t = await createTestApp({ testNotes: true })
  insp = await t.login('inspector')
})
afterAll(() => t.close())

const mut = (over: Partial<Mutation> = {}): Mutation => ({
  id: uuidv7(),
  entity: TEST_ENTITY,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data: { community_id: 'jiulongshan', text: '共享单车占道' },
  client_time: '2026-12-02T01:59:00Z',
  ...over,
})
const push = async (mutations: Mutation[], cookie = insp, lang = 'zh-CN') => {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'dev-1', mutations }, headers: { 'accept-language': lang } })
  return { status: res.status, body: (await res.json()) as PushResponse }
}
const changesOf = async (entityId: string) => (await t.deps.db.selectFrom('change_log').selectAll().where('entity_id', '=', entityId).execute()).length

describe('push', () => {
  it('the same batch pushed three times gives one record and identical results', async () => {
    const a = mut()
    const b = mut({ id: uuidv7(), entity_id: a.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '已清理一半' } })
    const batch = [a, b]
    const first = await push(batch)
    expect(first.status).toBe(200)
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(first.body.results[1]).toMatchObject({ version: 2, record: { text: '已清理一半' } })
    t.clock.advance(60_000)
    const second = await push(batch)
    const third = await push(batch)
    expect(second.body.results).toEqual(first.body.results)
    expect(third.body.results).toEqual(first.body.results)
    const notes = (await allTestNotes(t.deps.db, 'shuangjing')).filter((n) => n.id === a.entity_id)
    expect(notes).toHaveLength(1)
    expect(notes[0]!.version).toBe(2)
    expect(await changesOf(a.entity_id)).toBe(2)
  })

  it('a reordered replay answers each mutation by its id, not its position', async () => {
    const a = mut()
    const b = mut({ id: uuidv7(), entity_id: a.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '二次' } })
    const c = mut()
    const first = await push([a, b, c])
    const reordered = await push([c, b, a])
    expect(reordered.body.results).toEqual([first.body.results[2], first.body.results[1], first.body.results[0]])
    expect(await changesOf(a.entity_id)).toBe(2)
  })

  it('an edit pushed before its create is rejected, and works once resent after the create', async () => {
    const create = mut()
    const edit = mut({ id: uuidv7(), entity_id: create.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '后到' } })
    const out = await push([edit, create])
    expect(out.body.results.map((r) => r.status)).toEqual(['rejected', 'applied'])
    // The rejection is remembered under its id; the device resends the fix with a new id.
    expect((await push([edit])).body.results[0]!.status).toBe('rejected')
    expect((await push([{ ...edit, id: uuidv7() }])).body.results[0]).toMatchObject({ status: 'applied', version: 2 })
  })

  it('a mutation the database refuses is rejected on its own; the others apply, the push answers 200, a retry answers the same', async () => {
    const poisoned = mut({ data: { community_id: 'jiulongshan', text: 'database-error' } })
    const good = mut()
    const first = await push([poisoned, good], insp, 'en')
    expect(first.status).toBe(200)
    expect(first.body.results[0]).toMatchObject({ id: poisoned.id, status: 'rejected', reason: expect.stringContaining('could not store') })
    expect(first.body.results[1]).toMatchObject({ id: good.id, status: 'applied', version: 1 })
    const notes = await allTestNotes(t.deps.db, 'shuangjing')
    expect(notes.some((n) => n.id === poisoned.entity_id)).toBe(false)
    expect(notes.some((n) => n.id === good.entity_id)).toBe(true)
    const again = await push([poisoned, good], insp, 'en')
    expect(again.status).toBe(200)
    expect(again.body.results).toEqual(first.body.results)
    expect(await changesOf(poisoned.entity_id)).toBe(0)
  })

  it('an edit based on an old version is a conflict that returns the server record', async () => {
    const a = mut()
    await push([a])
    await push([mut({ entity_id: a.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '服务器版本' } })])
    const stale = mut({ entity_id: a.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '我的版本' } })
    const res = await push([stale])
    expect(res.body.results[0]).toMatchObject({ status: 'conflict', version: 2, record: { text: '服务器版本' }, reason: expect.any(String) })
    const [note] = (await allTestNotes(t.deps.db, 'shuangjing')).filter((n) => n.id === a.entity_id)
    expect(note!.record.text).toBe('服务器版本')
    expect((await push([stale])).body.results).toEqual(res.body.results)
  })

  it('a rejected mutation returns its reason and field errors and writes nothing', async () => {
    const before = await t.deps.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const invalid = mut({ data: { community_id: 'jiulongshan', text: '', extra: 1 } })
    const closed = mut({ data: { community_id: 'jiulongshan', text: 'closed' } })
    const foreign = mut({ data: { community_id: 'guangquan', text: '别的社区' } })
    const unknown = mut({ entity: 'nope' })
    const res = await push([invalid, closed, foreign, unknown], insp, 'en')
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
    expect(res.body.results[0]!.errors!.map((e) => e.path).sort()).toEqual(['extra', 'text'])
    expect(res.body.results[1]!.reason).toBe('Window closed')
    expect(res.body.results[2]!.reason).toMatch(/community/)
    expect(res.body.results[3]!.reason).toBe('Unknown entity')
    const after = await t.deps.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    for (const m of [invalid, closed, foreign]) expect(await changesOf(m.entity_id)).toBe(0)
  })

  it('refuses a role the entity does not allow, a bad batch and anonymous callers', async () => {
    const meals = await t.login('meals')
    expect((await push([mut()], meals)).body.results[0]!.status).toBe('rejected')
    const empty = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'd', mutations: [] } })
    expect(empty.status).toBe(400)
    const tooMany = await t.req('/api/sync/push', {
      method: 'POST',
      cookie: insp,
      json: { device_id: 'd', mutations: Array.from({ length: 201 }, () => mut()) },
    })
    expect(tooMany.status).toBe(400)
    expect((await t.req('/api/sync/push', { method: 'POST', json: { device_id: 'd', mutations: [mut()] } })).status).toBe(401)
  })

  it('concurrent pushes (the same batch twice, and others) give one record each and a gapless seq', async () => {
    const start = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirstOrThrow()
    const same = [mut(), mut()]
    const others = Array.from({ length: 6 }, () => [mut()])
    const out = await Promise.all([push(same), push(same), ...others.map((b) => push(b))])
    expect(out[0]!.body.results).toEqual(out[1]!.body.results)
    expect(out.flatMap((o) => o.body.results.map((r) => r.status))).toEqual(Array(10).fill('applied'))
    const rows = await t.deps.db
      .selectFrom('change_log')
      .select(['seq', 'entity_id'])
      .where('subdistrict_id', '=', 'shuangjing')
      .where('seq', '>', Number(start.seq))
      .orderBy('seq')
      .execute()
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 8 }, (_, i) => Number(start.seq) + 1 + i))
    expect(new Set(rows.map((r) => r.entity_id)).size).toBe(8)
  })

  it('a batch whose middle mutation is rejected after writing commits the others, records all three, and replays identically', async () => {
    const start = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirstOrThrow()
    const a = mut()
    const bad = mut({ data: { community_id: 'jiulongshan', text: 'rejected-after-write' } })
    const c = mut({ entity_id: a.entity_id, base_version: 1, data: { community_id: 'jiulongshan', text: '第二版' } })
    const first = await push([a, bad, c], insp, 'en')
    expect(first.body.results.map((r) => [r.id, r.status])).toEqual([
      [a.id, 'applied'],
      [bad.id, 'rejected'],
      [c.id, 'applied'],
    ])
    expect(first.body.results[1]!.reason).toBe('Rejected after writing')
    expect(first.body.results[2]).toMatchObject({ version: 2, record: { text: '第二版' } })
    // Only the rejected mutation's own write was undone.
    const ids = (await allTestNotes(t.deps.db, 'shuangjing')).map((n) => n.id)
    expect(ids).toContain(a.entity_id)
    expect(ids).not.toContain(bad.entity_id)
    const recorded = await t.deps.db
      .selectFrom('applied_mutations')
      .select(['mutation_id', 'status'])
      .where('mutation_id', 'in', [a.id, bad.id, c.id])
      .execute()
    expect(Object.fromEntries(recorded.map((r) => [r.mutation_id, r.status]))).toEqual({ [a.id]: 'applied', [bad.id]: 'rejected', [c.id]: 'applied' })
    // The seq stays gapless: the rolled-back mutation consumed none.
    const rows = await t.deps.db
      .selectFrom('change_log')
      .select(['seq', 'entity_id'])
      .where('subdistrict_id', '=', 'shuangjing')
      .where('seq', '>', Number(start.seq))
      .orderBy('seq')
      .execute()
    expect(rows.map((r) => [Number(r.seq), r.entity_id])).toEqual([
      [Number(start.seq) + 1, a.entity_id],
      [Number(start.seq) + 2, a.entity_id],
    ])
    t.clock.advance(60_000)
    expect((await push([a, bad, c], insp, 'en')).body.results).toEqual(first.body.results)
    expect(await changesOf(a.entity_id)).toBe(2)
    expect(await changesOf(bad.entity_id)).toBe(0)
  })

  it('a batch repeating one mutation id applies it once and answers it twice', async () => {
    const a = mut()
    const out = await push([a, mut(), a])
    expect(out.body.results[2]).toEqual(out.body.results[0])
    expect(await changesOf(a.entity_id)).toBe(1)
  })

  it('a deadlock mid-batch retries the whole batch, then falls back to one transaction per mutation; each applies once', async () => {
    for (const [faults, attempts] of [
      [1, 2],
      [4, 5],
    ] as const) {
      const start = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirstOrThrow()
      const [a, f, c] = [mut(), mut({ data: { community_id: 'jiulongshan', text: `transient-fault:${faults}` } }), mut()]
      const out = await push([a, f, c])
      expect(out.status).toBe(200)
      expect(out.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
      // 1 fault: the batch's 2nd try commits; 4 faults: 3 batch tries, then f alone on its 2nd try.
      expect(faultsSeen.get(f.entity_id)).toBe(attempts - 1)
      for (const m of [a, f, c]) expect(await changesOf(m.entity_id)).toBe(1)
      const rows = await t.deps.db
        .selectFrom('change_log')
        .select('seq')
        .where('subdistrict_id', '=', 'shuangjing')
        .where('seq', '>', Number(start.seq))
        .orderBy('seq')
        .execute()
      expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3].map((k) => Number(start.seq) + k))
      expect((await push([a, f, c])).body.results).toEqual(out.body.results)
    }
  })

  it("does not replay one user's mutation to another", async () => {
    const a = mut()
    await push([a])
    const coord = await t.login('coordinator')
    const res = await push([a], coord)
    expect(res.body.results[0]).toMatchObject({ status: 'rejected' })
    expect(res.body.results[0]!.record).toBeUndefined()
  })
})
