// Durability: `npm run backup` copies a consistent snapshot of the SQLite database while the app keeps
// writing, plus the media; the copy, placed in a fresh DATA_DIR, opens with createApp and serves the data.
// Migrations are safe on a database with data: again on a seeded one is a no-op, and a new one keeps old rows.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Migrator } from 'kysely'
import { createTestApp, ORIGIN, type TestApp } from '../test-support/testing.ts'
import { backup } from './backup.ts'
import { createApp } from '../app.ts'
import { parseEnv, testDatabaseAdminUrl } from '../env.ts'
import { migrateToLatest, openDatabase } from '../db/database.ts'
import { migrations } from '../db/migrations/index.ts'
import { fileMediaStore } from '../media/store.ts'
import { jpegWithExif } from '../test-support/media-fixtures.ts'
import { sha256Hex } from '../media/service.ts'
import { allTestNotes, TEST_ENTITY } from '../test-support/testing-entity.ts'
import { uuidv7 } from '#domain/ids.ts'
import { dbDigest } from '../test-support/db-digest.ts'

// The SQLite file backup; on PostgreSQL the command prints pg_dump instead (nothing to test in-process).
const sqliteOnly = describe.skipIf(Boolean(testDatabaseAdminUrl()))
const run = promisify(execFile)
let t: TestApp
const dirs: string[] = []
beforeAll(async () => {
  t = await createTestApp({ env: { WRITE_LIMIT_PER_USER: '1000000', WRITE_LIMIT_PER_IP: '1000000' }, testNotes: true })
})
afterAll(async () => {
  await t.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const note = (text: string) => ({
  id: uuidv7(),
  entity: TEST_ENTITY,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data: { community_id: 'jiulongshan', text },
  client_time: '2026-12-02T02:00:00.000Z',
})

sqliteOnly('backup and restore', () => {
  it('backs up while the app writes, and the copy restores into a new DATA_DIR that serves the data', async () => {
    const cookie = await t.login('inspector')
    const photo = jpegWithExif()
    const hash = sha256Hex(photo)
    expect(
      (await t.req(`/api/media/${hash}`, { method: 'PUT', cookie, body: photo as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'image/jpeg' } })).status,
    ).toBeLessThan(300)

    // A writer keeps pushing notes during the backup.
    let writing = true
    let pushed = 0
    const writer = (async () => {
      while (writing) {
        const res = await t.req('/api/sync/push', {
          method: 'POST',
          cookie,
          json: { device_id: 'backup-test', mutations: [note(`w${pushed}`), note(`x${pushed}`)] },
        })
        expect(res.status).toBe(200)
        pushed += 2
        // In-process requests finish in microtasks: yield so the child's exit is noticed.
        await new Promise((r) => setImmediate(r))
      }
    })()
    await new Promise((r) => setTimeout(r, 30))
    const out = mkdtempSync(join(tmpdir(), 'lastmile-backup-'))
    dirs.push(out)
    // The real command, in its own process, as an operator would run it against the live data.
    const cli = await run(process.execPath, ['--import', 'tsx', 'api/cli/backup.ts', '--out', out], {
      env: { ...process.env, DATA_DIR: t.dir, DATABASE_URL: t.deps.env.DATABASE_URL, LOG_LEVEL: 'silent' },
    })
    writing = false
    await writer
    expect(cli.stdout).toMatch(/backup written to/)
    const r = {
      tables: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).database.tables as Record<string, number>,
      mediaFiles: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).media.files as number,
    }
    expect(pushed).toBeGreaterThan(0)
    // The in-process function gives the same shape (used by tools).
    expect((await backup(t.deps.env, { out: join(out, 'again') })).tables.users).toBe(r.tables.users)
    expect(pushed).toBeGreaterThan(0)
    const inBackup = r.tables.sync_test_notes ?? 0
    expect(inBackup).toBeGreaterThan(0)
    // A snapshot: whole pushes only (each push writes two notes in one transaction).
    expect(inBackup % 2).toBe(0)
    expect(inBackup).toBeLessThanOrEqual(pushed)
    // The app kept writing after the snapshot was taken: it was online, not a stop-the-world copy.
    expect((await allTestNotes(t.deps.db, 'shuangjing')).length).toBeGreaterThan(inBackup)
    expect(r.mediaFiles).toBeGreaterThan(0)
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ database: { file: 'lastmile.db' }, media: { dir: 'media' } })

    // Restore as docs/backup.md says: the files into a new DATA_DIR, then start the app on it.
    const restored = mkdtempSync(join(tmpdir(), 'lastmile-restored-'))
    dirs.push(restored)
    cpSync(join(out, 'lastmile.db'), join(restored, 'lastmile.db'))
    cpSync(join(out, 'media'), join(restored, 'media'), { recursive: true })
    const env = parseEnv({ DATA_DIR: restored, LOG_LEVEL: 'silent', CLIENT_DIST: join(restored, 'no-dist'), TRUST_PROXY: '1' })
    const { db, dialect, close } = openDatabase(env.DATABASE_URL)
    try {
      expect(await migrateToLatest(db)).toEqual([])
      const app = createApp({ ...t.deps, db, dialect, env, media: fileMediaStore(join(restored, 'media')) })
      const headers = { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': '10.0.0.7' }
      const login = await app.request('/api/auth/login', {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'inspector', password: 'lastmile-demo' }),
      })
      expect(login.status).toBe(200)
      const session = (login.headers.get('set-cookie') ?? '').split(';')[0]!
      const pulled = (await (await app.request('/api/sync/pull?since=0&limit=1000', { headers: { cookie: session } })).json()) as {
        changes: { entity: string }[]
      }
      expect(pulled.changes.filter((c) => c.entity === TEST_ENTITY)).toHaveLength(inBackup)
      expect((await allTestNotes(db, 'shuangjing')).length).toBe(inBackup)
      const img = await app.request(`/api/media/${hash}`, { headers: { cookie: session } })
      expect(img.status).toBe(200)
      expect(img.headers.get('content-type')).toBe('image/jpeg')
    } finally {
      await close()
    }
  })
})

describe('migrations on a database with data', () => {
  it('run again on the seeded database: nothing applied, every row as it was', async () => {
    const before = await dbDigest(t.deps.db)
    expect(await migrateToLatest(t.deps.db)).toEqual([])
    expect(await dbDigest(t.deps.db)).toBe(before)
  })

  sqliteOnly('a newer migration', () => {
    it('applies to a populated older schema and keeps its rows', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lastmile-migrate-'))
      dirs.push(dir)
      const { db, close } = openDatabase(join(dir, 'old.db'))
      try {
        const older = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0009'))
        const { error } = await new Migrator({ db, provider: { getMigrations: async () => older } }).migrateToLatest()
        expect(error).toBeUndefined()
        await db
          .insertInto('subdistricts')
          .values({
            id: 'shuangjing',
            name: '双井街道',
            district: '朝阳区',
            center_lat: 39.89,
            center_lng: 116.47,
            created_at: '2026-01-01T00:00:00.000Z',
          } as never)
          .execute()
        await db
          .insertInto('audit_log')
          .values({
            subdistrict_id: 'shuangjing',
            id: uuidv7(),
            at: '2026-01-01T00:00:00.000Z',
            actor_id: null,
            action: 'reveal',
            entity: 'meal_subscriber',
            entity_id: 'x',
            detail: null,
          } as never)
          .execute()
        expect(await migrateToLatest(db)).toEqual(Object.keys(migrations).filter((name) => name >= '0009'))
        const rows = await db.selectFrom('audit_log').selectAll().execute()
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({ action: 'reveal', before_json: null, after_json: null })
        expect(existsSync(join(dir, 'old.db'))).toBe(true)
      } finally {
        await close()
      }
    })
  })
})
