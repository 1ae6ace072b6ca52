// The real server for the bench: the compiled server `npm start` runs (`node dist-api/index.js`) as its
// own process on 127.0.0.1 (so load generation in this process never competes with it for one event
// loop), plus sign-in.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeMbtiles } from '../../api/test-support/mbtiles.ts'
import { freePort, startApiProcess, type ApiProcess } from '../../api/test-support/testing-server.ts'
import { sleep } from './stats.ts'
import { freshDemoCode, signInDemo, type PostJson } from '../../api/test-support/demo-codes.ts'

export interface BenchServer {
  url: string
  proc: ApiProcess
  stop(): Promise<void>
}

let built = false
/** Builds dist-api/ from the current sources, once per bench run. */
export function buildServer(): void {
  if (built) return
  const r = spawnSync('npx', ['vite', 'build', '-c', 'vite.server.config.ts'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`server build failed: ${(r.stderr || r.stdout).slice(-500)}`)
  built = true
}

/** The preload that answers SIGUSR2 with the process's memory after a full collection (liveMemory). */
const GC_PROBE = fileURLToPath(new URL('./gc-probe.cjs', import.meta.url))

export async function startServer(opts: { databaseUrl: string; dataDir: string; clientDist?: string }): Promise<BenchServer> {
  // A small local basemap (the e2e one) so map pages load tiles from this server, never the internet.
  const dataDir = join(opts.dataDir, 'server')
  mkdirSync(dataDir, { recursive: true })
  writeMbtiles(join(dataDir, 'tiles.mbtiles'))
  buildServer()
  const proc = startApiProcess(
    await freePort(),
    {
      DATABASE_URL: opts.databaseUrl,
      DATA_DIR: dataDir,
      SEED_DEMO: '1',
      LOG_LEVEL: 'warn',
      BASEMAP: 'local',
      NODE_ENV: 'production',
      CLIENT_DIST: opts.clientDist ?? '/nonexistent',
      // The bench measures what the server can take; the per-user/per-IP write throttle (600/min by default)
      // would measure the throttle instead. Its one upsert per write request still runs and is counted.
      WRITE_LIMIT_PER_USER: '1000000',
      WRITE_LIMIT_PER_IP: '1000000',
    },
    'compiled',
    // `BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles the server processes. The
    // memory probe only listens for a signal until liveMemory sends one.
    ['--expose-gc', '--require', GC_PROBE, ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
  )
  let exited: Error | undefined
  proc.ready.catch((e: Error) => (exited = e))
  // LOG_LEVEL=warn hides the `listening` line (and keeps per-request logging out of the timings): poll health.
  for (let i = 0; ; i++) {
    if (exited) throw exited
    const ok = await fetch(`${proc.url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (i > 600) {
      await proc.stop()
      throw new Error(`${proc.url} never became healthy`)
    }
    await sleep(100)
  }
  return { url: proc.url, proc, stop: () => proc.stop() }
}

/** Signs a demo user in through the real endpoints (coordinator and admin with the demo authenticator's code); returns the `name=value` cookie. */
export function login(url: string, username: string): Promise<string> {
  const post: PostJson = (path, body, cookie) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
  return signInDemo(post, username, () => freshDemoCode(username))
}

/** A server process's memory right after a full garbage collection, in MB. */
export interface LiveMemory {
  rss: number
  heapUsed: number
  external: number
}

/**
 * Asks a server process started by startServer for its memory after a full garbage collection (a pause
 * of some 50–200 ms in that process: call it when no request is being timed).
 */
export async function liveMemory(server: BenchServer): Promise<LiveMemory> {
  const seen = server.proc.logs.length
  process.kill(server.proc.pid, 'SIGUSR2')
  for (let i = 0; i < 300; i++) {
    const line = server.proc.logs.slice(seen).find((l) => l.msg === 'gc_probe')
    if (line) {
      const mb = (k: string) => Number(line[k]) / 1048576
      return { rss: mb('rss'), heapUsed: mb('heapUsed'), external: mb('external') }
    }
    await sleep(50)
  }
  throw new Error(`${server.url} did not answer the memory probe`)
}
