// Folding a push into the coordinator map reads the touched reports' rows by key, on SQLite and
// PostgreSQL alike: never the subdistrict's whole map index (a fold runs before tiles are answered after
// every push, so a scan there costs every tile request the size of the map).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery, type Kysely } from 'kysely'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { openDatabase, type Database } from '../../../db/database.ts'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { foldChanges, gridOf } from './tiles-fold.ts'
import { queryPlan } from '../../../test-support/query-plan.ts'

const SD = 'shuangjing'
/** Index rows already in the map (the map of a busy subdistrict). */
const N = 20_000

let t: TestApp
let logged: Database
const captured: CompiledQuery[] = []

const plan = (db: Kysely<DB>, q: CompiledQuery) => queryPlan(db, t.deps.dialect, q)

/** A device's put of one report at a place (a new report when `base` is null). */
const reportPut = (entity_id: string, at: { lat: number; lng: number }, base: number | null = null): Mutation => ({
  id: uuidv7(),
  entity: 'report',
  entity_id,
  op: 'put',
  base_version: base,
  data: {
    position: { ...at, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '测试大厦北门人行道',
    kind: 'shared_bike',
    counts: { 'bike-a': 3 },
    blocked_share: 0.5,
    observed_at: '2026-12-02T01:58:00Z',
  },
  client_time: '2026-12-02T01:59:00Z',
})

/** Pushes as a device does; answers each mutation's status. */
async function push(cookie: string, device_id: string, mutations: Mutation[]): Promise<string[]> {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id, mutations } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results.map((r) => r.status)
}

/** The subdistrict's change-log counter. */
const counter = async () => Number((await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()).seq)

beforeAll(async () => {
  t = await createTestApp()
  let seed = 5
  const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  for (let start = 0; start < N; start += 500) {
    const rows = Array.from({ length: 500 }, (_, k) => ({
      subdistrict_id: SD,
      report_id: `${(start + k).toString(16).padStart(8, '0')}-0000-7000-8000-000000000000`,
      ...gridOf({ lat: 39.884 + rnd() * 0.019, lng: 116.452 + rnd() * 0.03 }),
      kind: 'shared_bike',
      status: 'new',
      community_id: 'jiulongnan',
    }))
    await t.deps.db.insertInto('patrol_map_index').values(rows).execute()
  }
  // No ANALYZE: the server never runs one, so SQLite plans the map tables without statistics.
  logged = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 1, log: (e) => void (e.level === 'query' && captured.push(e.query)) })
}, 120_000)

afterAll(async () => {
  await logged?.close()
  await t?.close()
})

describe('folding a push into the map tables', () => {
  it('looks the touched reports up by key, and places them', async () => {
    const insp = await t.login('inspector')
    const ids = [uuidv7(), uuidv7()]
    expect(
      await push(
        insp,
        'phone-1',
        ids.map((id, i) => reportPut(id, { lat: 39.8986 + i * 1e-4, lng: 116.4801 })),
      ),
    ).toEqual(['applied', 'applied'])
    const top = await counter()

    captured.length = 0
    await logged.db.transaction().execute((tx) => foldChanges(tx, SD, top - ids.length, top))

    const placed = await t.deps.db.selectFrom('patrol_map_index').select('report_id').where('subdistrict_id', '=', SD).where('report_id', 'in', ids).execute()
    expect(placed.map((r) => r.report_id).sort()).toEqual([...ids].sort())
    // The push's reports are placed by one multi-row insert, not one statement each (on PostgreSQL it is
    // one part of the fold's single WITH statement).
    expect(captured.flatMap((q) => q.sql.match(/insert into "patrol_map_index"/gi) ?? [])).toHaveLength(1)
    const lookups = captured.filter((q) => /^select\b.*\bfrom "patrol_map_index"/is.test(q.sql))
    expect(lookups.length).toBeGreaterThan(0)
    for (const q of lookups) {
      const p = await plan(t.deps.db, q)
      if (t.deps.dialect === 'sqlite')
        expect(p, q.sql).toMatch(/^SEARCH patrol_map_index USING INDEX sqlite_autoindex_patrol_map_index_1 \(subdistrict_id=\? AND report_id=\?\)/)
      else expect(p, q.sql).toMatch(/patrol_map_index_pk/)
      expect(p, q.sql).not.toMatch(/patrol_map_index_morton_idx|Seq Scan|^SCAN patrol_map_index/m)
    }
  })

  it('sends a fold of many reports in a few statements, whatever their number', async () => {
    const insp = await t.login('inspector')
    const from = await counter()
    const place = (i: number) => ({ lat: 39.885 + i * 7e-4, lng: 116.453 + i * 9e-4 })
    for (let p = 0; p < 4; p++)
      await push(
        insp,
        'phone-2',
        Array.from({ length: 10 }, (_, k) => reportPut(uuidv7(), place(p * 10 + k))),
      )
    const to = await counter()
    expect(to - from).toBe(40)

    captured.length = 0
    await logged.db.transaction().execute((tx) => foldChanges(tx, SD, from, to))

    expect(
      Number(
        (
          await t.deps.db
            .selectFrom('patrol_map_index')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('subdistrict_id', '=', SD)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(N + 42)
    // The change log, the index rows and the reports read; on PostgreSQL one statement writes them all.
    const statements = captured.filter((q) => !/^(begin|commit)/i.test(q.sql))
    const writes = statements.filter((q) => /^(with|insert|update|delete)\b/i.test(q.sql))
    expect(statements.length - writes.length, statements.map((q) => q.sql.slice(0, 60)).join('\n')).toBe(3)
    if (t.deps.dialect === 'postgres') expect(writes.length).toBe(1)
    else expect(writes.length).toBeLessThanOrEqual(4)
  })

  it("moves a moved report's index row: one row, at its new place", async () => {
    const insp = await t.login('inspector')
    const id = uuidv7()
    const moveTo = async (lat: number, base: number | null) => {
      expect(await push(insp, 'phone-1', [reportPut(id, { lat, lng: 116.4801 }, base)])).toEqual(['applied'])
      return counter()
    }
    const first = await moveTo(39.8986, null)
    await logged.db.transaction().execute((tx) => foldChanges(tx, SD, first - 1, first))
    const moved = await moveTo(39.8996, 1)
    captured.length = 0
    await logged.db.transaction().execute((tx) => foldChanges(tx, SD, first, moved))

    const rows = await t.deps.db.selectFrom('patrol_map_index').select(['gx', 'gy']).where('subdistrict_id', '=', SD).where('report_id', '=', id).execute()
    expect(rows).toEqual([{ gx: gridOf({ lat: 39.8996, lng: 116.4801 }).gx, gy: gridOf({ lat: 39.8996, lng: 116.4801 }).gy }])
  })
})
