// Two real API processes on one PostgreSQL database: start-up under the advisory lock, a
// record written through one read through the other, a replayed push not duplicated, sessions shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import S3rver from 's3rver'
import { testDatabaseAdminUrl } from './env.ts'
import { createPostgresTestDatabase, type TestDatabase } from './test-support/test-database.ts'
import { STARTUP_LOCK_KEY } from './db/startup.ts'
import { migrations } from './db/migrations/index.ts'
import { freePort, startApiProcess, type ApiProcess } from './test-support/testing-server.ts'
import { DEMO_PASSWORD } from './db/seed/accounts.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PullResponse, PushResponse } from '#domain/sync.ts'
import { jpegWithExif } from './test-support/media-fixtures.ts'
import { sha256Hex } from './media/service.ts'

const adminUrl = testDatabaseAdminUrl()

describe.runIf(Boolean(adminUrl))('two API processes on one PostgreSQL database', () => {
  let database: TestDatabase
  let client: pg.Client
  let dir: string
  let a: ApiProcess
  let b: ApiProcess
  let s3: S3rver

  const call = async (p: ApiProcess, path: string, init: { method?: string; cookie?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = { origin: p.url }
    if (init.cookie) headers.cookie = init.cookie
    if (init.json !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(p.url + path, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) })
    return { status: res.status, headers: res.headers, body: res.status === 204 ? null : ((await res.json()) as any) }
  }

  beforeAll(async () => {
    database = await createPostgresTestDatabase(adminUrl!)
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
    dir = mkdtempSync(join(tmpdir(), 'lastmile-scale-'))
    // Photos go to one shared S3-compatible bucket, as in a city deployment.
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'lastmile-media' }] })
    const { port: s3Port } = await s3.run()
    // Hold the start-up lock ourselves so that BOTH processes are provably waiting on it at once.
    await client.query('select pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY])
    const [pa, pb] = [await freePort(), await freePort()]
    const env = (name: string) => ({
      DATABASE_URL: database.url,
      SEED_DEMO: '1',
      DATA_DIR: join(dir, name),
      DB_POOL_MAX: '4',
      MEDIA_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_BUCKET: 'lastmile-media',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    })
    a = startApiProcess(pa, env('a'))
    b = startApiProcess(pb, env('b'))
    const waiting = async () => {
      const r = await client.query<{ n: string }>(
        "select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())",
      )
      return Number(r.rows[0]!.n)
    }
    const deadline = Date.now() + 30_000
    while ((await waiting()) < 2) {
      if (Date.now() > deadline) throw new Error('the two API processes never both waited on the start-up lock')
      await Promise.race([a.ready, b.ready, new Promise((r) => setTimeout(r, 50))])
    }
    await client.query('select pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY])
    await Promise.all([a.ready, b.ready])
  }, 90_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await s3?.close()
    await client?.end().catch(() => undefined)
    await database?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 30_000)

  it('starts both: exactly one migrates and seeds, the other waits and finds it done', async () => {
    const ready = [a, b].map((p) => p.logs.find((l) => l.msg === 'database_ready')!)
    expect(ready.map((r) => r.dialect)).toEqual(['postgres', 'postgres'])
    const first = ready.find((r) => r.seeded === true)
    const second = ready.find((r) => r.seeded === false)
    expect(first).toMatchObject({ migrations_applied: Object.keys(migrations).length })
    expect(second).toMatchObject({ migrations_applied: 0 })
    expect(second!.waited_ms as number).toBeGreaterThan(0)
    const users = await client.query<{ n: string }>("select count(*) as n from users where username = 'inspector'")
    expect(Number(users.rows[0]!.n)).toBe(1)
    const subs = await client.query<{ n: string }>('select count(*) as n from subdistricts')
    expect(Number(subs.rows[0]!.n)).toBe(1)
    for (const p of [a, b]) expect(await call(p, '/api/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'postgres' } })
  })

  it('reads through B what was pushed through A; a replay through B returns the same results and writes nothing', async () => {
    const login = await call(a, '/api/auth/login', { method: 'POST', json: { username: 'inspector', password: DEMO_PASSWORD } })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const before = (await call(b, '/api/sync/pull?limit=1000', { cookie })).body as PullResponse
    const m: Mutation = {
      id: uuidv7(),
      entity: 'report',
      entity_id: uuidv7(),
      op: 'put',
      base_version: null,
      data: {
        position: { lat: 39.8986, lng: 116.4801, accuracy_m: 6, source: 'gps' },
        community_id: 'jiulongnan',
        address: '外企大厦门前',
        kind: 'shared_bike',
        counts: { 'bike-a': 21, 'delivery-jia': 6 },
        blocked_share: 0.6,
        clear_width_m: 0.9,
        photos: [],
        note: '两个进程的测试',
        observed_at: new Date(Date.now() - 60_000).toISOString(),
      },
      client_time: new Date().toISOString(),
    }
    const pushA = await call(a, '/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-scale', mutations: [m] } })
    expect(pushA.status).toBe(200)
    expect((pushA.body as PushResponse).results[0]).toMatchObject({ status: 'applied', version: 1 })

    // The session made by A is valid on B (sessions live in the database, not in a process).
    const pulled = (await call(b, `/api/sync/pull?since=${before.cursor}`, { cookie })).body as PullResponse
    expect(pulled.changes.map((c) => c.entity_id)).toContain(m.entity_id)
    expect((await call(b, `/api/patrol/reports/${m.entity_id}`, { cookie })).body.report).toMatchObject({ id: m.entity_id, note: '两个进程的测试' })

    const pushB = await call(b, '/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-scale', mutations: [m] } })
    expect(pushB.status).toBe(200)
    expect((pushB.body as PushResponse).results).toEqual((pushA.body as PushResponse).results)
    const rows = await client.query('select version from patrol_reports where id = $1', [m.entity_id])
    expect(rows.rows).toEqual([{ version: 1 }])
    const applied = await client.query('select count(*)::int as n from applied_mutations where mutation_id = $1', [m.id])
    expect(applied.rows[0]).toEqual({ n: 1 })
    const after = (await call(a, `/api/sync/pull?since=${pulled.cursor}`, { cookie })).body as PullResponse
    expect(after.changes.filter((c) => c.entity_id === m.entity_id)).toEqual([])
  })

  it('serves through B a photo uploaded through A (one shared bucket, no local media)', async () => {
    const login = await call(a, '/api/auth/login', { method: 'POST', json: { username: 'inspector', password: DEMO_PASSWORD } })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const jpeg = jpegWithExif()
    const hash = sha256Hex(jpeg)
    const put = await fetch(`${a.url}/api/media/${hash}`, {
      method: 'PUT',
      headers: { cookie, origin: a.url, 'content-type': 'image/jpeg' },
      body: jpeg as Uint8Array<ArrayBuffer>,
    })
    expect(put.status).toBe(201)
    const got = await fetch(`${b.url}/api/media/${hash}`, { headers: { cookie } })
    expect(got.status).toBe(200)
    const bytes = new Uint8Array(await got.arrayBuffer())
    const row = await client.query<{ stored_hash: string }>('select stored_hash from media_objects where hash = $1', [hash])
    expect(sha256Hex(bytes)).toBe(row.rows[0]!.stored_hash)
    expect(a.logs.find((l) => l.msg === 'media_store')).toMatchObject({ kind: 's3' })
    expect([existsSync(join(dir, 'a', 'media')), existsSync(join(dir, 'b', 'media'))]).toEqual([false, false])
  })

  it('the same visit sent ten times at once through both processes: one visit, no 5xx, every answer the same', async () => {
    const login = await call(a, '/api/auth/login', { method: 'POST', json: { username: 'counter', password: DEMO_PASSWORD } })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const workers = (await call(b, '/api/counter/workers', { cookie })).body as { id: string }[]
    const guides = (await call(b, '/api/counter/guides', { cookie })).body as { id: string }[]
    const visit = { id: uuidv7(), community_id: 'jiulongshan', guide_ids: [guides[0]!.id], worker_id: workers[0]!.id, outcome: 'informed', duration_min: 5 }
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? b : a, '/api/counter/visits', { method: 'POST', cookie, json: visit })))
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(9).fill(200), 201])
    for (const r of answers) expect(r.body).toEqual(answers[0]!.body)
    const rows = await client.query('select count(*) as n from counter_visits where id = $1', [visit.id])
    expect(Number(rows.rows[0].n)).toBe(1)
  })

  it('the same creates sent ten times at once through both processes: one record each, no 5xx, every answer the first', async () => {
    const cookieOf = async (username: string) =>
      (await call(a, '/api/auth/login', { method: 'POST', json: { username, password: DEMO_PASSWORD } })).headers.get('set-cookie')!.split(';')[0]!
    const [counter, meals] = [await cookieOf('counter'), await cookieOf('meals')]
    const workers = (await call(b, '/api/counter/workers', { cookie: counter })).body as { id: string }[]
    const creates = [
      {
        cookie: counter,
        path: '/api/counter/workers',
        table: 'counter_workers',
        json: { name: '两进程社工', community_id: 'maoxing', home_category: 'disability' },
      },
      { cookie: counter, path: '/api/counter/desks', table: 'counter_desks', json: { name: '茂兴 2号窗口', community_id: 'maoxing' } },
      {
        cookie: counter,
        path: '/api/counter/leaves',
        table: 'counter_leaves',
        json: { worker_id: workers[0]!.id, start_date: '2026-12-28', end_date: '2026-12-29', half: null, reason: '年假' },
      },
      { cookie: meals, path: '/api/meals/dishes', table: 'meal_dishes', json: { name: '两进程豆腐', category: 'vegetable' } },
      {
        cookie: meals,
        path: '/api/meals/subscribers',
        table: 'meal_subscribers',
        json: { name: '两进程老人', phone: '13700137000', community_id: 'maoxing', consent: { service: true } },
      },
    ]
    for (const c of creates) {
      const json = { id: uuidv7(), ...c.json }
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? b : a, c.path, { method: 'POST', cookie: c.cookie, json })))
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201))
      for (const r of answers) expect(r.body).toEqual(answers[0]!.body)
      const rows = await client.query(`select count(*) as n from ${c.table} where id = $1`, [json.id])
      expect(Number(rows.rows[0].n)).toBe(1)
    }
  })

  it('shares sign-out too: a session ended through B is refused by A', async () => {
    const login = await call(b, '/api/auth/login', { method: 'POST', json: { username: 'counter', password: DEMO_PASSWORD } })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    expect((await call(a, '/api/auth/me', { cookie })).status).toBe(200)
    expect((await call(b, '/api/auth/logout', { method: 'POST', cookie })).status).toBe(204)
    expect((await call(a, '/api/auth/me', { cookie })).status).toBe(401)
  })
})
