// A push chunk of new reports takes the batch path (create-batch.ts): checked before the counter lock,
// written under it in a few statements. On SQLite and PostgreSQL alike it must answer and store exactly
// what applying the mutations one by one does (the path a chunk with any other mutation takes), hotspot
// merges included; and on PostgreSQL concurrent pushes must never let a pull cursor skip a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { openDatabase } from '../db/database.ts'
import type { DB } from '../db/schema.ts'
import { testDatabaseAdminUrl } from '../env.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { TEST_ENTITY } from '../test-support/testing-entity.ts'
import { PIPELINE_AND_COMMIT } from '../db/pg-commit.ts'
import { pushWhileFollowing } from '../test-support/push-order.ts'

const SD = 'shuangjing'

const mut = (entity: string, data: Record<string, unknown>): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data,
  client_time: '2026-12-02T01:59:00Z',
})
// Reports ~11 m apart along one pavement: the sites they form grow into each other and merge.
const report = (i: number, over: Record<string, unknown> = {}) =>
  mut('report', {
    position: { lat: 39.8986 + (i % 30) * 0.0001, lng: 116.4801 + (i % 7) * 0.00001, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '测试大厦北门人行道',
    kind: 'shared_bike',
    counts: { 'bike-a': 1 + (i % 20) },
    blocked_share: 0.5,
    clear_width_m: 1.2,
    photos: [],
    note: '',
    observed_at: '2026-12-02T01:58:00.000Z',
    ...over,
  })

async function push(t: TestApp, cookie: string, mutations: Mutation[]) {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-batch', mutations } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results
}

/** Everything a push leaves behind, with generated hotspot and task ids replaced by what they stand for. */
async function stateAfter(db: Kysely<DB>, since: number, batch: Mutation[]) {
  const ids = batch.map((m) => m.entity_id)
  const hotspots = await db.selectFrom('patrol_hotspots').selectAll().where('subdistrict_id', '=', SD).execute()
  const site = new Map(hotspots.map(({ id, ...rest }) => [id, JSON.stringify(rest)]))
  const reports = await db.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', SD).where('id', 'in', ids).orderBy('id').execute()
  const tasks = await db.selectFrom('patrol_operator_tasks').selectAll().where('subdistrict_id', '=', SD).where('report_id', 'in', ids).execute()
  const log = await db
    .selectFrom('change_log')
    .select(['seq', 'entity', 'entity_id', 'op', 'version', 'record', 'community_id'])
    .where('subdistrict_id', '=', SD)
    .where('seq', '>', since)
    .orderBy('seq')
    .execute()
  const applied = await db
    .selectFrom('applied_mutations')
    .select(['mutation_id', 'status', 'result', 'entity_id'])
    .where('subdistrict_id', '=', SD)
    .where(
      'mutation_id',
      'in',
      batch.map((m) => m.id),
    )
    .orderBy('mutation_id')
    .execute()
  return {
    hotspots: [...site.values()].sort(),
    reports: reports.map(({ hotspot_id, ...r }) => ({ ...r, site: site.get(hotspot_id!) })),
    // Parties and agreements are seeded with ids of their own on each server.
    tasks: tasks
      .map(({ id: _id, hotspot_id, party_id: _p, agreement_id, ...r }) => ({ ...r, hotspot_known: hotspot_id !== null, agreement: agreement_id !== null }))
      .sort((x, y) => (x.report_id + x.operator_id < y.report_id + y.operator_id ? -1 : 1)),
    log: log.map((r) => ({ ...r, seq: Number(r.seq) - since })),
    applied,
    /** Sites a task was opened at that a later report of the batch merged away. */
    mergedAway: tasks.filter((x) => !site.has(x.hotspot_id!)).length,
  }
}

/** `x` with the inspector's id (each server seeds its own) replaced by a name. */
async function sameUser<T>(db: Kysely<DB>, x: T): Promise<T> {
  const { id } = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'inspector').executeTakeFirstOrThrow()
  return JSON.parse(JSON.stringify(x).replaceAll(id, 'inspector')) as T
}

const counter = async (db: Kysely<DB>) =>
  Number((await db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).executeTakeFirst())?.seq ?? 0)

describe('a push chunk of new reports', () => {
  let batched: TestApp
  let oneByOne: TestApp
  let cookies: [string, string]
  beforeAll(async () => {
    ;[batched, oneByOne] = [await createTestApp({ testNotes: true }), await createTestApp({ testNotes: true })]
    cookies = [await batched.login('inspector'), await oneByOne.login('inspector')]
  })
  afterAll(async () => {
    await batched?.close()
    await oneByOne?.close()
  })

  it('answers and stores exactly what applying its mutations one by one does: duplicates, rejections, merges', async () => {
    const earlier = report(100)
    const reports = Array.from({ length: 40 }, (_, i) => report(i))
    const batch = [
      earlier,
      ...reports.slice(0, 10),
      report(50, { community_id: 'no-such-community' }),
      ...reports.slice(10, 20),
      report(51, { counts: { 'no-such-operator': 2 } }),
      report(52, { kind: 'not-a-kind' }),
      ...reports.slice(20, 30),
      report(53, { position: { lat: 40.5, lng: 116.4801, accuracy_m: 6, source: 'gps' } }),
      report(54, { observed_at: '2026-12-03T02:00:00.000Z' }),
      ...reports.slice(30),
    ]
    // The same mutations on both servers; a note at the end sends the second one's chunk one by one.
    const note = mut(TEST_ENTITY, { community_id: 'jiulongnan', text: 'one by one' })
    const before = await Promise.all([counter(batched.deps.db), counter(oneByOne.deps.db)])
    for (const [k, t] of [batched, oneByOne].entries()) expect((await push(t, cookies[k]!, [earlier]))[0]!.status).toBe('applied')
    const a = await sameUser(batched.deps.db, await push(batched, cookies[0], batch))
    const b = await sameUser(oneByOne.deps.db, await push(oneByOne, cookies[1], [...batch, note]))
    expect(b.at(-1)!.status).toBe('applied')
    expect(a).toEqual(b.slice(0, -1))
    expect(a.map((r) => r.status)).toEqual(batch.map((m, i) => (i === 0 || reports.includes(m) ? 'applied' : 'rejected')))
    expect(a.filter((r) => r.status === 'rejected').map((r) => r.reason)).toHaveLength(5)

    const [sa, sb] = await Promise.all([
      stateAfter(batched.deps.db, before[0]!, batch).then((x) => sameUser(batched.deps.db, x)),
      stateAfter(oneByOne.deps.db, before[1]!, batch).then((x) => sameUser(oneByOne.deps.db, x)),
    ])
    expect(sa.reports).toHaveLength(41)
    expect(sa.reports.every((r) => r.site !== undefined)).toBe(true)
    // The batch merged sites, so the in-memory fold and the one-by-one writes were compared on merges too.
    expect(sa.mergedAway).toBeGreaterThan(0)
    expect(sa.hotspots).toEqual(sb.hotspots)
    expect(sa.reports).toEqual(sb.reports)
    expect(sa.tasks).toEqual(sb.tasks)
    expect(sa.log).toEqual(sb.log.slice(0, -1))
    expect(sa.log.map((r) => r.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1))
    expect(sa.applied).toEqual(sb.applied)
    expect(sa.applied).toHaveLength(batch.length)

    // A replay answers the same and writes nothing.
    const after = await counter(batched.deps.db)
    expect(await sameUser(batched.deps.db, await push(batched, cookies[0], batch))).toEqual(a)
    expect(await counter(batched.deps.db)).toBe(after)
  })

  it('is checked before the counter lock and written in a few statements, not a few per report', async () => {
    const t = batched
    const statements: string[] = []
    const logged = openDatabase(t.deps.env.DATABASE_URL, { log: (e) => void statements.push(e.query.sql) })
    const db = t.deps.db
    const deps = t.deps as { db: Kysely<DB> }
    deps.db = logged.db
    try {
      const results = await push(
        t,
        cookies[0],
        Array.from({ length: 60 }, (_, i) => report(i + 200)),
      )
      expect(results.every((r) => r.status === 'applied')).toBe(true)
    } finally {
      deps.db = db
      await logged.close()
    }
    const from = statements.findIndex((s) => /^select .* from "applied_mutations"/.test(s))
    const push_ = statements.slice(from)
    // One by one, each report costs a savepoint, a read of the report, a hotspot read and write, the
    // report and its task: several hundred statements for 60.
    expect(push_.length).toBeLessThan(30)
    if (t.deps.dialect === 'postgres') {
      // The sites near the batch are read and folded before the lock; the statement that takes the lock
      // (and checks those sites are unchanged), the one write of the batch (sites, reports, tasks, change
      // log, results, the counter's seq) and COMMIT go at once: nothing under the lock waits for this process.
      const lock = push_.findIndex((s) => s.includes('sync_lock_counter_check('))
      const checked = push_.findIndex((s) => /^select "id" from "patrol_reports"/.test(s))
      const sites = push_.findIndex((s) => /^select h\.\* from unnest/.test(s))
      expect(checked).toBeGreaterThan(-1)
      expect(sites).toBeGreaterThan(checked)
      expect(lock).toBeGreaterThan(sites)
      expect(push_.slice(lock + 1)).toEqual(['commit'])
      const write = push_[lock]!
      expect(write.startsWith(`${PIPELINE_AND_COMMIT}select sync_lock_counter_check(`)).toBe(true)
      expect(write).toContain(';\nwith ')
      // A replay check was made before the transaction; a concurrent push of the same ids breaks the write instead.
      for (const table of ['patrol_hotspots', 'patrol_reports', 'patrol_operator_tasks', 'change_log', 'applied_mutations', 'sync_counters'])
        expect(write).toContain(`"${table}"`)
    }
  })
})

describe.runIf(testDatabaseAdminUrl())('concurrent pushes of new reports on PostgreSQL', () => {
  let t: TestApp
  let insp: string
  let coord: string
  beforeAll(async () => {
    t = await createTestApp()
    ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
  })
  afterAll(() => t?.close())

  it('neither lose nor reorder changes: a pull following along sees every change once, each push contiguous and in order', async () => {
    const start = await counter(t.deps.db)
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 30 }, (_, k) => report(b * 30 + k)))
    await pushWhileFollowing({
      db: t.deps.db,
      subdistrictId: SD,
      start,
      batches,
      pull: (cursor) => t.req(`/api/sync/pull?since=${cursor}&limit=500`, { cookie: coord }),
      push: (m) => push(t, insp, m),
    })
  })
})
