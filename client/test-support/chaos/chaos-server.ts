// The server side of the sync chaos run: the real app over a SQLite file that survives "restarts"
// (the database is closed and createApp is built anew with fresh deps over the SAME file).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../../api/app.ts'
import { parseEnv } from '../../../api/env.ts'
import { migrateToLatest, openDatabase, type Database } from '../../../api/db/database.ts'
import { seed } from '../../../api/db/seed/index.ts'
import { createLogger } from '../../../api/http/logger.ts'
import { fileMediaStore } from '../../../api/media/store.ts'
import { createTestNotesTable, testNotesModule } from '../../../api/test-support/testing-entity.ts'
import { MODULES, withModules } from '../../../api/modules/index.ts'
import { demoTotpCode, signInDemo, type PostJson } from '../../../api/test-support/demo-codes.ts'
import type { Deps } from '../../../api/http/context.ts'

export const ORIGIN = 'http://localhost'

export interface ChaosServer {
  /** Answers like the real server; throws (a lost response) when a restart cut the request off. */
  request(url: string, init: RequestInit): Promise<Response>
  restart(): Promise<void>
  login(username: string): Promise<string>
  deps(): Deps
  restarts: number
  close(): Promise<void>
}

export async function startChaosServer(now: () => Date): Promise<ChaosServer> {
  const modules = [...MODULES, testNotesModule]
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-chaos-'))
  const env = parseEnv({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    CLIENT_DIST: join(dir, 'no-dist'),
    TRUST_PROXY: '1',
    WRITE_LIMIT_PER_USER: '1000000',
    WRITE_LIMIT_PER_IP: '1000000',
  })
  let database: Database
  let deps: Deps
  let app: ReturnType<typeof createApp>
  let epoch = 0
  const inflight = new Set<Promise<unknown>>()

  const open = async (first: boolean) => {
    database = openDatabase(env.DATABASE_URL)
    await migrateToLatest(database.db)
    if (first) await seed(database.db, modules, { demo: true, now: now() })
    await createTestNotesTable(database.db)
    deps = withModules(
      { db: database.db, dialect: database.dialect, env, logger: createLogger('silent'), media: fileMediaStore(join(dir, 'media')), now },
      modules,
    )
    app = createApp(deps)
  }
  await open(true)

  const server: ChaosServer = {
    restarts: 0,
    async request(url, init) {
      const started = epoch
      const headers = new Headers(init.headers)
      headers.set('origin', ORIGIN)
      headers.set('x-forwarded-for', '10.0.0.9')
      const p = Promise.resolve(app.request(url, { ...init, headers }))
      inflight.add(p)
      try {
        const res = await p
        // The process "died" after it committed: the device never sees the answer.
        if (epoch !== started) throw new TypeError('Failed to fetch (server restarted)')
        return res
      } finally {
        inflight.delete(p)
      }
    },
    async restart() {
      epoch++
      await Promise.allSettled([...inflight])
      await database.close()
      await open(false)
      server.restarts++
    },
    login(username) {
      const post: PostJson = (path, body, cookie) =>
        server.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) })
      // Coordinators pass the demo authenticator's code at the chaos clock's time.
      return signInDemo(post, username, () => demoTotpCode(deps.db, username, now()))
    },
    deps: () => deps,
    async close() {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}
