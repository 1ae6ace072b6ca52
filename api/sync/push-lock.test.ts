// PostgreSQL only: how long a push of new reports holds its subdistrict's counter lock, and that what it
// reads under the lock is what the lock's previous holder committed. Every push of the subdistrict
// queues for that lock, so each round trip under it (a turn of a busy server's event loop) is waited for
// by all of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { createApp } from '../app.ts'
import { testDatabaseAdminUrl } from '../env.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { ingestSighting } from '../modules/patrol/hotspots/service.ts'
import { reportSighting } from '../modules/patrol/hotspots/sightings.ts'
import { PIPELINE_AND_COMMIT } from '../db/pg-commit.ts'
import { pushWhileFollowing } from '../test-support/push-order.ts'

const SD = 'shuangjing'
const AT = '2026-12-02T01:58:00.000Z'

const report = (lat: number, lng: number): Mutation => ({
  id: uuidv7(),
  entity: 'report',
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data: {
    position: { lat, lng, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '测试大厦北门人行道',
    kind: 'shared_bike',
    counts: { 'bike-a': 3 },
    blocked_share: 0.5,
    clear_width_m: 1.2,
    photos: [],
    note: '',
    observed_at: AT,
  },
  client_time: AT,
})

/** The statement that takes the counter lock: alone, or (PostgreSQL, a batch of new reports) with the read of the nearby sites. */
const isLock = (s: string) => s.startsWith('insert into "sync_counters"') || s.includes('sync_lock_counter_sites(') || s.includes('sync_lock_counter_check(')

describe.runIf(testDatabaseAdminUrl())('the counter lock of a push of new reports on PostgreSQL', () => {
  let t: TestApp
  let insp: string
  let coord: string
  beforeAll(async () => {
    t = await createTestApp()
    ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
  })
  afterAll(() => t?.close())

  /** An app over the same database with a pool of its own: another API process. */
  const otherProcess = (db: Database) => createApp({ ...t.deps, db: db.db })
  const pushTo = async (app: ReturnType<typeof createApp>, mutations: Mutation[], device = 'phone-lock') => {
    const res = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { cookie: insp, 'content-type': 'application/json', origin: 'http://localhost', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ device_id: device, mutations }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as PushResponse).results
  }

  it('is held for no turn of this process for five reports apart: the lock, the writes and COMMIT sent at once', async () => {
    const statements: string[] = []
    const logged = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 2, log: (e) => void (e.level === 'query' && statements.push(e.query.sql)) })
    try {
      // The load's push: five reports anywhere in the subdistrict, far enough apart that no two share nearby sites.
      const batch = Array.from({ length: 5 }, (_, i) => report(39.886 + i * 0.003, 116.455 + i * 0.005))
      expect((await pushTo(otherProcess(logged), batch)).every((r) => r.status === 'applied')).toBe(true)
    } finally {
      await logged.close()
    }
    const lock = statements.findIndex(isLock)
    expect(lock).toBeGreaterThan(-1)
    const held = statements.slice(lock, statements.indexOf('commit', lock) + 1)
    // One query stands for the three sent at once: the lock with the check of the sites folded before
    // it, the combined write, and COMMIT; the transaction's own COMMIT is answered without a round trip.
    // (It was the lock with the sites' read, then, once this process had read its answer and folded,
    // the write with COMMIT: the lock waited for a turn of the event loop; before that, eight.)
    expect(held).toHaveLength(2)
    expect(held[0]!.startsWith(`${PIPELINE_AND_COMMIT}select sync_lock_counter_check(`)).toBe(true)
    expect(held[0]).toContain(';\nwith ')
    expect(held[1]).toBe('commit')
  })

  // The push reads and folds the sites near its reports before the lock; another writer holding the lock
  // then writes one of them (a new site, or one more report in a site that stood). The push's check under
  // the lock sees the change and the push folds again under it: the report joins the site as written,
  // never a stale copy (a duplicate site, or the holder's report lost from the count).
  it.each([
    { what: 'a new site', spot: [39.8951, 116.4762], before: 0 },
    { what: 'a site that stood, one report more', spot: [39.8931, 116.4712], before: 1 },
  ])("reads the nearby sites again after the lock is granted when the lock's previous holder wrote $what", async ({ spot, before }) => {
    const [lat, lng] = spot as [number, number]
    if (before) expect((await pushTo(t.app, [report(lat, lng)]))[0]!.status).toBe('applied')
    const holder = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 1 })
    const watcher = new pg.Client({ connectionString: t.deps.env.DATABASE_URL })
    await watcher.connect()
    try {
      let release!: () => void
      const released = new Promise<void>((r) => (release = r))
      let site!: string
      let wrote!: () => void
      const written = new Promise<void>((r) => (wrote = r))
      // Another writer (an Open311 report at the same spot) holds the counter lock and writes the site.
      const holding = holder.db.transaction().execute(async (tx) => {
        const id = uuidv7()
        site = await ingestSighting(
          tx,
          SD,
          reportSighting({
            id,
            lat,
            lng,
            observed_at: AT,
            counts: '{"bike-a":2}',
            blocked_share: 0.5,
            kind: 'shared_bike',
            community_id: 'jiulongnan',
            address: '测试',
          }),
          new Date(AT),
          null,
        )
        wrote()
        await released
      })
      await written
      const pushed = pushTo(t.app, [report(lat, lng)])
      for (let i = 0; ; i++) {
        const waiting = await watcher.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and (query like '%sync_lock_counter_%(%' or query like 'insert into "sync_counters"%')`,
        )
        if (waiting.rows[0]!.n >= 1) break
        if (i === 200) {
          release()
          throw new Error('the push never queued for the counter lock')
        }
        await new Promise((r) => setTimeout(r, 25))
      }
      release()
      await holding
      const [result] = await pushed
      expect(result!.status).toBe('applied')
      const row = await t.deps.db
        .selectFrom('patrol_reports')
        .select('hotspot_id')
        .where('subdistrict_id', '=', SD)
        .where('id', '=', (result as { record: { id: string } }).record.id)
        .executeTakeFirstOrThrow()
      expect(row.hotspot_id).toBe(site)
      const joined = await t.deps.db
        .selectFrom('patrol_hotspots')
        .select(['report_count', 'version'])
        .where('subdistrict_id', '=', SD)
        .where('id', '=', site)
        .executeTakeFirstOrThrow()
      expect(joined.report_count).toBe(before + 2)
      expect(joined.version).toBe(before + 2)
    } finally {
      await watcher.end()
      await holder.close()
    }
  })

  it('two processes pushing at once: every change logged once, each push contiguous, and a pull following along never skips one', async () => {
    const second = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 3 })
    const apps = [createApp(t.deps), otherProcess(second)]
    try {
      const start = Number((await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()).seq)
      // Reports along one pavement (their sites merge) and some anywhere: 12 pushes of 5, alternating processes.
      const batches = Array.from({ length: 12 }, (_, b) =>
        Array.from({ length: 5 }, (_, k) =>
          k % 2 ? report(39.8986 + ((b * 5 + k) % 30) * 0.0001, 116.4801) : report(39.886 + k * 0.003, 116.455 + b * 0.001),
        ),
      )
      await pushWhileFollowing({
        db: t.deps.db,
        subdistrictId: SD,
        start,
        batches,
        pull: (cursor, round) => apps[round % 2]!.request(`/api/sync/pull?since=${cursor}&limit=500`, { headers: { cookie: coord } }),
        push: (m, i) => pushTo(apps[i % 2]!, m, `phone-${i}`),
      })
      // Every report points at a site that stands.
      const sites = new Set((await t.deps.db.selectFrom('patrol_hotspots').select('id').where('subdistrict_id', '=', SD).execute()).map((h) => h.id))
      const reports = await t.deps.db
        .selectFrom('patrol_reports')
        .select('hotspot_id')
        .where('subdistrict_id', '=', SD)
        .where(
          'id',
          'in',
          batches.flat().map((m) => m.entity_id),
        )
        .execute()
      expect(reports).toHaveLength(batches.flat().length)
      for (const r of reports) expect(r.hotspot_id !== null && sites.has(r.hotspot_id)).toBe(true)
    } finally {
      await second.close()
    }
  })
})
