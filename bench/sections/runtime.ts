// The production runtime: the compiled server (`node dist-api/index.js`, what `npm start` runs) beside the
// same server through the TypeScript loader (`node --import tsx api/index.ts`, what it ran before), in
// the same run on the same seeded database. Cold start is spawn → first 200 from /api/health; idle
// memory is the process's resident set a few seconds after that answer, with nothing asking.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atMost, Collector } from '../lib/figures.ts'
import { sleep } from '../lib/stats.ts'
import { buildServer } from '../lib/server.ts'
import { freePort, startApiProcess, type ApiRuntime } from '../../api/test-support/testing-server.ts'

const ROUNDS = 5
const IDLE_MS = 3000

/** Resident set size in MB from /proc (Linux); NaN elsewhere. */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

async function healthy(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    if (performance.now() > deadline) throw new Error(`${url} never became healthy`)
    await sleep(10)
  }
}

async function once(runtime: ApiRuntime, env: Record<string, string>): Promise<{ startMs: number; rss: number }> {
  const t0 = performance.now()
  const proc = startApiProcess(await freePort(), { ...env, LOG_LEVEL: 'warn' }, runtime)
  try {
    await healthy(proc.url, t0 + 60_000)
    const startMs = performance.now() - t0
    await sleep(IDLE_MS)
    return { startMs, rss: rssMb(proc.pid) }
  } finally {
    await proc.stop()
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export async function runtimeBench(): Promise<Collector> {
  const c = new Collector('runtime')
  buildServer()
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-runtime-'))
  try {
    const env = { DATABASE_URL: join(dir, 'lastmile.db'), DATA_DIR: dir, SEED_DEMO: '1', NODE_ENV: 'production', BASEMAP: 'local' }
    // The first start migrates and seeds; every measured start then opens the same ready database.
    await once('compiled', env)
    const runs: Record<ApiRuntime, { startMs: number; rss: number }[]> = { tsx: [], compiled: [] }
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate, so drift in the machine's load falls on both.
      for (const rt of i % 2 ? (['compiled', 'tsx'] as const) : (['tsx', 'compiled'] as const)) runs[rt].push(await once(rt, env))
    }
    const start = { tsx: median(runs.tsx.map((r) => r.startMs)), compiled: median(runs.compiled.map((r) => r.startMs)) }
    const rss = { tsx: median(runs.tsx.map((r) => r.rss)), compiled: median(runs.compiled.map((r) => r.rss)) }
    c.add({
      name: 'cold start to /api/health, compiled server',
      value: start.compiled,
      unit: 'ms',
      budget: atMost(Math.round(start.tsx), 'ms'),
      comparison: `TypeScript loader (tsx): ${Math.round(start.tsx)} ms`,
      ratio: start.compiled / start.tsx,
      note: `median of ${ROUNDS} starts each, alternating, on one demo-seeded SQLite database; budget: no slower than the loader it replaces`,
    })
    c.add({
      name: 'idle memory (RSS), compiled server',
      value: rss.compiled,
      unit: 'MB',
      budget: atMost(Math.round(rss.tsx), 'MB'),
      comparison: `TypeScript loader (tsx): ${Math.round(rss.tsx)} MB`,
      ratio: rss.compiled / rss.tsx,
      note: `resident set ${IDLE_MS / 1000} s after the first healthy answer, median of ${ROUNDS}; budget: no more than the loader it replaces`,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return c
}
