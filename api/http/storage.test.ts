// A data folder or database that cannot be written is reported, not hidden: the start-up check names
// DATA_DIR, /api/health answers 503 problem+json with what cannot be written and why, and Open311 answers
// 503 in its own format.
// The read-only folder is real (chattr +i, which stops even root; the test is skipped where chattr is
// not allowed). The read-only database is SQLite's `query_only` switch on the app's own connection:
// the same SQLITE_READONLY error a read-only file gives, without a file system this test cannot mount.
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_OPEN311_KEY } from '../modules/patrol/hotspots/seed.ts'
import { dataDirProblemAtStart } from './storage-check.ts'

let t: TestApp | undefined
let frozen: string | undefined
afterEach(async () => {
  if (frozen) execFileSync('chattr', ['-i', frozen])
  frozen = undefined
  await t?.close()
  t = undefined
})

function canFreeze(dir: string): boolean {
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' })
    execFileSync('chattr', ['-i', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('a data folder that cannot be written', () => {
  it('is named at start and reported by /api/health (503 problem+json)', async (ctx) => {
    t = await createTestApp()
    if (!canFreeze(t.dir)) return ctx.skip()
    expect((await t.req('/api/health')).status).toBe(200)
    execFileSync('chattr', ['+i', t.dir])
    frozen = t.dir
    expect(dataDirProblemAtStart(t.deps.env)).toMatch(/DATA_DIR .* cannot be written \(EPERM/)
    const res = await t.req('/api/health')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = (await res.json()) as { status: number; detail: string; storage: { target: string; reason: string }[] }
    expect(body).toMatchObject({ status: 503, detail: '数据目录或数据库无法写入' })
    expect(body.storage.map((s) => s.target)).toEqual(['data_dir'])
    expect(body.storage[0]!.reason).toMatch(/EPERM|EROFS|EACCES/)
  })
})

describe('a database that cannot be written', () => {
  it.skipIf(!!process.env.TEST_DATABASE_URL)('makes health 503 and Open311 answer 503 in its own format', async () => {
    t = await createTestApp()
    await sql`pragma query_only = on`.execute(t.deps.db)
    const health = await t.req('/api/health')
    expect(health.status).toBe(503)
    expect(health.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = (await health.json()) as { status: number; type: string; storage: { target: string }[] }
    expect(body).toMatchObject({ status: 503, type: 'https://lastmile.local/problems/unavailable' })
    expect(body.storage.map((s) => s.target)).toEqual(['database'])
    const fields = { api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: '39.892109', long: '116.471685' }
    const res = await t.req('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual([{ code: 503, description: expect.stringMatching(/cannot store/) }])
    const xml = await t.req('/open311/v2/requests.xml', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })
    expect(xml.status).toBe(503)
    expect(await xml.text()).toMatch(/<errors><error><code>503<\/code>/)
    await sql`pragma query_only = off`.execute(t.deps.db)
    expect((await t.req('/api/health')).status).toBe(200)
  })
})
