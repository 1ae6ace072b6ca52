// Test harness for API tests: createApp over a fresh temporary SQLite database (or a fresh
// PostgreSQL database when TEST_DATABASE_URL is given), seeded with the demo data; no server started.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../app.ts'
import { parseEnv, testDatabaseAdminUrl, type Env } from '../env.ts'
import { migrateToLatest, openDatabase } from '../db/database.ts'
import { seed } from '../db/seed/index.ts'
import { createLogger } from '../http/logger.ts'
import { fileMediaStore } from '../media/store.ts'
import { DEMO_PASSWORD } from '../db/seed/accounts.ts'
import { cookieFrom, demoTotpCode, signInDemo } from './demo-codes.ts'
import type { Deps } from '../http/context.ts'
import { MODULES, withModules, type ServerModule } from '../modules/index.ts'
import { createTestNotesTable, testNotesModule } from './testing-entity.ts'
import { inject } from 'vitest'
import { createPostgresTestDatabase, DEFAULT_TEST_NOW, takeRunDatabase } from './test-database.ts'

/** Set (by `npm run test:pg`) to run every API test against a real PostgreSQL server. */
const PG_ADMIN_URL = testDatabaseAdminUrl()

export const ORIGIN = 'http://localhost'

export interface TestApp {
  app: ReturnType<typeof createApp>
  deps: Deps
  clock: { now: Date; advance(ms: number): void }
  dir: string
  /** Signs a demo account in (with the demo authenticator code when its role needs one) and returns its cookie header value. */
  login(username: string, password?: string): Promise<string>
  req(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<Response>
  close(): Promise<void>
}

export interface TestAppOptions {
  env?: Record<string, string>
  now?: Date
  demo?: boolean
  log?: string[]
  /** The modules to compose (default: the app's list). */
  modules?: readonly ServerModule[]
  /** Adds the sync tests' note entity (testing-entity.ts) and its table. */
  testNotes?: boolean
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-test-'))
  const modules = [...(opts.modules ?? MODULES), ...(opts.testNotes ? [testNotesModule] : [])]
  // The templates (global-setup.ts) hold the default demo seed of every module at the default time;
  // other setups migrate and seed themselves.
  const standard = !opts.now && opts.demo !== false && !opts.modules && !opts.env?.DATABASE_URL
  const run = PG_ADMIN_URL ? inject('pgTemplate') : ''
  const template = run && standard ? run : undefined
  const pgDb = !PG_ADMIN_URL ? undefined : run ? await takeRunDatabase(PG_ADMIN_URL, run, standard) : await createPostgresTestDatabase(PG_ADMIN_URL)
  const env: Env = parseEnv({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    CLIENT_DIST: join(dir, 'no-dist'),
    TRUST_PROXY: '1',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...opts.env,
  })
  const sqliteTemplate = !PG_ADMIN_URL && standard ? inject('sqliteTemplate') || undefined : undefined
  if (sqliteTemplate) copyFileSync(sqliteTemplate, env.DATABASE_URL)
  const fromTemplate = Boolean(template || sqliteTemplate)
  const { db, dialect, close } = openDatabase(env.DATABASE_URL)
  if (!fromTemplate) await migrateToLatest(db)
  const clock = {
    now: opts.now ?? DEFAULT_TEST_NOW,
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  if (!fromTemplate) await seed(db, modules, { demo: opts.demo ?? true, now: clock.now })
  if (opts.testNotes) await createTestNotesTable(db)
  const deps: Deps = withModules(
    {
      db,
      dialect,
      env,
      logger: opts.log ? createLogger('debug', (line) => opts.log!.push(line)) : createLogger('silent'),
      media: fileMediaStore(join(dir, 'media')),
      now: () => clock.now,
    },
    modules,
  )
  const app = createApp(deps)
  const req: TestApp['req'] = (path, init = {}) => {
    const headers = new Headers(init.headers)
    if (init.cookie) headers.set('cookie', init.cookie)
    if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', '10.0.0.1')
    let body = init.body
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(init.json)
    }
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN)
    return Promise.resolve(app.request(path, { ...init, headers, body }))
  }
  return {
    app,
    deps,
    clock,
    dir,
    req,
    login(username, password = DEMO_PASSWORD) {
      return signInDemo(
        (path, json, cookie) => req(path, { method: 'POST', json, ...(cookie ? { cookie } : {}) }),
        username,
        () => demoTotpCode(db, username, clock.now),
        password,
      )
    },
    async close() {
      await close()
      await pgDb?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export { cookieFrom }
