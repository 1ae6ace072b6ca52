// What one SQLite sync push of 100 new reports costs, counted rather than timed: the app in process on a
// copy of a bench database (100 000 seeded reports folded into hotspots, the map tables built), pushes
// of 100 reports like the ingest section's, and per push the SQL statements, the commits, the WAL frames
// written (checkpoints off while counting, so every frame stays in the file) and the process's CPU time;
// then the same for the map fold the server runs every 5 s, per 100 reports. Timings on a shared
// machine drift; these counts do not.
// `npx tsx bench/push-counts.ts [--pushes 30] [--db path/to/bench.db]` (without --db a bench database is
// seeded first, about a minute).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { migrateToLatest, openDatabase } from '../api/db/database.ts'
import { parseEnv } from '../api/env.ts'
import { createApp } from '../api/app.ts'
import { MODULES, withModules } from '../api/modules/index.ts'
import { createLogger } from '../api/http/logger.ts'
import { fileMediaStore } from '../api/media/store.ts'
import { signInDemo } from '../api/test-support/demo-codes.ts'
import { buildMapTables, keepMapTables } from '../api/modules/patrol/hotspots/tiles-build.ts'
import { createBenchDatabase, SD } from './lib/seed-db.ts'
import { reportMutation } from './sections/ingest.ts'

const { values } = parseArgs({ options: { pushes: { type: 'string', default: '30' }, db: { type: 'string' } } })
const N = Math.max(5, Number(values.pushes))
const dir = mkdtempSync(join(tmpdir(), 'lastmile-push-counts-'))
try {
  let source = values.db
  if (!source) {
    const seeded = await createBenchDatabase(100_000, new Date())
    // The hotspots section's child folds the seeded reports into hotspots, as the bench does before its server starts.
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sections/hotspots-child.ts', seeded.url], { stdio: 'ignore' })
    if (child.status !== 0) throw new Error('folding the seeded reports into hotspots failed')
    source = seeded.url
  }
  const file = join(dir, 'bench.db')
  copyFileSync(source, file)

  let counting = false
  let statements = 0
  const { db, dialect, close } = openDatabase(file, {
    log: (e) => {
      if (counting && e.level === 'query') statements++
    },
  })
  try {
    await migrateToLatest(db)
    const env = parseEnv({ DATABASE_URL: file, DATA_DIR: dir, LOG_LEVEL: 'silent', CLIENT_DIST: join(dir, 'no-dist') })
    const app = createApp(
      withModules({ db, dialect, env, logger: createLogger('silent'), media: fileMediaStore(join(dir, 'media')), now: () => new Date() }, MODULES),
    )
    const post = (path: string, json: unknown, cookie?: string) =>
      Promise.resolve(
        app.request(`http://localhost${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost', 'x-forwarded-for': '10.0.0.1', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify(json),
        }),
      )
    const cookie = await signInDemo(post, 'inspector', () => Promise.reject(new Error('the inspector has no second factor')))
    await buildMapTables(db, SD, { pauseShare: 0 })

    /** The WAL since the last checkpoint: its frames (pages written) and how many of them end a transaction (commits, autocommits too). */
    const wal = () => {
      const bytes = readFileSync(`${file}-wal`)
      const size = bytes.length >= 32 ? bytes.readUInt32BE(8) + 24 : 0
      let frames = 0
      let commits = 0
      for (let at = 32; size && at + size <= bytes.length; at += size) {
        if (bytes.readUInt32BE(at + 8) !== bytes.readUInt32BE(16) || bytes.readUInt32BE(at + 12) !== bytes.readUInt32BE(20)) break
        frames++
        if (bytes.readUInt32BE(at + 4) !== 0) commits++
      }
      return { frames, commits }
    }
    const cpu = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    let seq = 0
    const push = async () => {
      const res = await post('/api/sync/push', { device_id: 'counts', mutations: Array.from({ length: 100 }, () => reportMutation(seq++)) }, cookie)
      if (!res.ok) throw new Error(`push ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    }
    for (let i = 0; i < 3; i++) await push() // warm-up: JIT, statement cache
    await sql`pragma wal_autocheckpoint = 0`.execute(db)
    const sum = { statements: 0, commits: 0, frames: 0, cpu: 0, foldStatements: 0, foldFrames: 0, foldCpu: 0 }
    const measure = async (run: () => Promise<void>) => {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
      const [s0, t0] = [statements, cpu()]
      counting = true
      await run()
      counting = false
      const t1 = cpu()
      return { statements: statements - s0, cpu: t1 - t0, ...wal() }
    }
    for (let i = 0; i < N; i++) {
      const p = await measure(push)
      sum.statements += p.statements
      sum.commits += p.commits
      sum.frames += p.frames
      sum.cpu += p.cpu
      // The server's 5-second job, here after every fifth push.
      if (i % 5 === 4) {
        const f = await measure(() => keepMapTables(db))
        sum.foldStatements += f.statements
        sum.foldFrames += f.frames
        sum.foldCpu += f.cpu
      }
    }
    const per = (n: number) => +(n / N).toFixed(1)
    console.log(
      JSON.stringify({
        pushes: N,
        per_push_of_100_reports: { statements: per(sum.statements), commits: per(sum.commits), wal_frames: per(sum.frames), cpu_ms: per(sum.cpu) },
        map_fold_per_100_reports: { statements: per(sum.foldStatements), wal_frames: per(sum.foldFrames), cpu_ms: per(sum.foldCpu) },
      }),
    )
  } finally {
    await close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
