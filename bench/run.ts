// `npm run bench`: every DESIGN §8 budget measured against its comparison in one run, on this machine.
// Seeds its own data, starts the real server on 127.0.0.1, drives Chromium headless, prints a markdown
// table and writes bench/results.json. Each step is bounded; a step that fails says "not measured: why".
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Collector, type Figure } from './lib/figures.ts'
import { markdownTable, writeResults } from './lib/report.ts'
import { createBenchDatabase, type BenchDb } from './lib/seed-db.ts'
import { login, startServer, type BenchServer } from './lib/server.ts'
import { withTimeout } from './lib/stats.ts'
import { viewportBench } from './sections/viewport.ts'
import { ingestBench } from './sections/ingest.ts'

const REPORTS = 100_000
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))
const started = new Date()
const figures: Figure[] = []
const log = (msg: string) => console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(3)} s] ${msg}`)

/** Runs one section under a time limit; on failure its rows become "not measured" with the reason. */
async function step(section: string, names: string[], seconds: number, fn: () => Promise<Collector>): Promise<void> {
  log(`${section}…`)
  try {
    const c = await withTimeout(fn(), seconds * 1000, section)
    figures.push(...c.figures)
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : ''
    const why = e instanceof Error ? e.message.split('\n')[0]! + cause : String(e)
    log(`${section} failed: ${why}`)
    const c = new Collector(section)
    for (const n of names) c.missing(n, why)
    figures.push(...c.figures)
  }
}

// Nothing may keep the bench alive: a hard stop well past the expected ~10 minutes.
const watchdog = setTimeout(() => {
  console.error('bench: hard time limit reached, stopping')
  process.exit(3)
}, 20 * 60_000)
watchdog.unref()

let data: BenchDb | undefined
let server: BenchServer | undefined
try {
  log(`seeding ${REPORTS} reports into a fresh SQLite database…`)
  data = await createBenchDatabase(REPORTS)
  log(`seeded in ${(data.seedMs / 1000).toFixed(1)} s (${data.url})`)
  server = await startServer({ databaseUrl: data.url, dataDir: data.dir })
  const coordinator = await login(server.url, 'coordinator')
  const inspector = await login(server.url, 'inspector')
  await step('viewport', ['p95 latency', 'throughput under load'], 120, () => viewportBench(server!, coordinator, REPORTS))
  await step('sync ingest', ['report mutations/s, batched push, no photos', 'report mutations/s, batched push, one photo each'], 180, () => ingestBench(server!, inspector))
} finally {
  await server?.stop()
  if (data) rmSync(data.dir, { recursive: true, force: true })
}

const seconds = (Date.now() - started.getTime()) / 1000
writeResults(RESULTS, figures, started, seconds)
console.log(markdownTable(figures))
console.log(`\n${figures.filter((f) => f.verdict === 'met').length} met, ${figures.filter((f) => f.verdict === 'missed').length} missed, ${figures.filter((f) => f.verdict === 'not measured').length} not measured; ${Math.round(seconds)} s; bench/results.json written`)
