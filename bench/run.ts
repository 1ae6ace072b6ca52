// `npm run bench`: every performance budget measured against its comparison in one run, on this machine.
// Seeds its own data, starts the real server on 127.0.0.1, drives Chromium headless, prints a markdown
// table and writes bench/results.json. Each step is bounded; a step that fails says "not measured: why".
// `npm run bench -- --only ingest,device` runs only those sections (names: see SECTIONS) plus what they
// stand on: the seeded database and its hotspots for anything that talks to the server, the client build
// for anything in Chromium.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import type { Browser } from 'playwright-core'
import { Collector, type Figure } from './lib/figures.ts'
import { machine, markdownTable, writeResults } from './lib/report.ts'
import { copyReportsAndHotspots, createBenchDatabase, type BenchDb } from './lib/seed-db.ts'
import { liveMemory, login, startServer, type BenchServer } from './lib/server.ts'
import { withTimeout } from './lib/stats.ts'
import { buildClient, type ClientBuild } from './lib/client-build.ts'
import { launchChromium, serveStatic, type StaticServer } from './lib/browser.ts'
import { hotStatementPlans, ingestBench, ingestBenchPg } from './sections/ingest.ts'
import { bundleBench } from './sections/bundle.ts'
import { mapClientBench, outboxClientBench } from './sections/map-client.ts'
import { offlineReloadBench } from './sections/offline-reload.ts'
import { LIGHTHOUSE_NAMES, lighthouseBench } from './sections/lighthouse.ts'
import { hotspotsBench } from './sections/hotspots.ts'
import { chaosBench } from './sections/chaos.ts'
import { runtimeBench } from './sections/runtime.ts'
import { loadBench, type LoadTarget } from './sections/load.ts'
import { tileOf, toGrid } from '#domain/patrol/map-tiles.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../api/test-support/test-database.ts'
import { tilesBench, type SizeResult } from './sections/tiles.ts'
import { tileOf as basemapTileOf } from '../api/test-support/mbtiles.ts'

const SECTIONS = ['bundle', 'runtime', 'outbox', 'hotspots', 'tiles', 'ingest', 'load', 'map', 'device', 'lighthouse', 'chaos'] as const
type Section = (typeof SECTIONS)[number]
const { values: args } = parseArgs({ options: { only: { type: 'string' } } })
const only = args.only
  ?.split(',')
  .map((x) => x.trim())
  .filter(Boolean)
const unknown = only?.filter((x) => !(SECTIONS as readonly string[]).includes(x)) ?? []
if (unknown.length > 0) {
  console.error(`bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`)
  process.exit(2)
}
const wanted = (s: Section) => !only || only.includes(s)
const needsClient = (['bundle', 'outbox', 'map', 'device', 'lighthouse'] as const).some(wanted)
// The hotspots step folds the seeded reports into hotspots: the state every server section measures against.
const needsServer = (['hotspots', 'ingest', 'load', 'device', 'lighthouse'] as const).some(wanted)

const REPORTS = 100_000
/**
 * Whether a transaction holds a counter row's lock: the row version a new snapshot sees carries the
 * locker's xid in xmax while it runs (the lock statement updates the row to itself).
 */
const COUNTER_HELD = `select count(*)::int as n from sync_counters c join pg_stat_activity a on a.backend_xid = c.xmax`
/** PostgreSQL for the ingest and load tests' second runs (a fresh database is made on it and dropped after each). */
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
/** The seed's clock (also the PostgreSQL copy's demo seed for the ingest test). */
const seededAt = new Date()
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))
const PLANS = fileURLToPath(new URL('./ingest-plans.txt', import.meta.url))
const started = new Date()
const figures: Figure[] = []
const log = (msg: string) => console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(3)} s] ${msg}`)

const reason = (e: unknown) => {
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : ''
  return (e instanceof Error ? e.message.split('\n')[0]! : String(e)) + cause
}

/** Runs one section under a time limit; on failure its rows become "not measured" with the reason. */
async function step(section: string, names: string[], seconds: number, fn: () => Promise<Collector> | Collector): Promise<void> {
  log(`${section}…`)
  try {
    const c = await withTimeout(Promise.resolve().then(fn), seconds * 1000, section)
    figures.push(...c.figures)
  } catch (e) {
    log(`${section} failed: ${reason(e)}`)
    skip(section, names, reason(e))
  }
}

function skip(section: string, names: string[], why: string) {
  const c = new Collector(section)
  for (const n of names) c.missing(n, why)
  figures.push(...c.figures)
}

const NAMES = {
  ingest: [
    'report mutations/s, batched push, no photos',
    'report mutations/s, one request per record, no photos',
    'report mutations/s, batched push, one photo each',
    'report mutations/s, one request per record, one photo each',
  ],
  ingestPg: ['report mutations/s, batched push, no photos, PostgreSQL'],
  bundle: ['gzip JS, capture /patrol/new', 'gzip JS, coordinator map /coordinator', "gzip JS, residents' map /public/zones"],
  map: ['supercluster index build, 50 000 points, in the worker', 'one pan/zoom query (median of 50)', 'first map render, 50 000 reports'],
  outbox: ['one save with 1 000 changes pending, p95', 'one save ÷ bare Dexie put, p95', 'one save median, 1 000 pending ÷ empty outbox'],
  device: ['offline reload to an interactive capture form'],
  lighthouse: LIGHTHOUSE_NAMES,
  hotspots: ['absorb 1 000 new reports into 100 000', 'full recompute'],
  load: ['mixed load p99, 32 connections, 60 s', 'mixed load errors (failed + non-2xx)', 'memory growth after warm-up'],
  runtime: ['cold start to /api/health, compiled server', 'idle memory (RSS), compiled server'],
  tiles: [
    'map tables built at server start, 100,000 reports',
    'sync push p95 during the map build, 100,000 reports',
    'tile p95, 100,000 reports',
    'tile throughput, 100,000 reports',
    'map tables built at server start, 1,000,000 reports',
    'sync push p95 during the map build, 1,000,000 reports',
    'tile p95, 1,000,000 reports',
    'tile throughput, 1,000,000 reports',
    'flatness: tile throughput share, 1 000 000 ÷ 100 000',
    'flatness: tile p95, 1 000 000 ÷ 100 000',
  ],
}

// Nothing may keep the bench alive: a hard stop well past the expected ~10 minutes (~20 with the tiles section).
const watchdog = setTimeout(() => {
  console.error('bench: hard time limit reached, stopping')
  process.exit(3)
}, 45 * 60_000)
watchdog.unref()

let data: BenchDb | undefined
let server: BenchServer | undefined
let client: ClientBuild | undefined
let browser: Browser | undefined
let pageServer: StaticServer | undefined
try {
  if (needsClient) {
    log('building the app (project Vite config + manifest) and the bench page…')
    try {
      client = await withTimeout(buildClient(), 300_000, 'client build')
      log(`app built in ${(client.appMs / 1000).toFixed(0)} s`)
    } catch (e) {
      log(`client build failed: ${reason(e)}`)
    }
  }
  if (wanted('bundle')) {
    if (client) await step('bundle', NAMES.bundle, 30, () => bundleBench(client!))
    else skip('bundle', NAMES.bundle, 'the client build failed')
  }

  if (wanted('runtime')) await step('runtime', NAMES.runtime, 180, () => runtimeBench())
  if (wanted('outbox')) {
    // Its own on-disk Chromium profile; needs only the bench page.
    if (client) {
      pageServer ??= await serveStatic(client.pageDir)
      await step('device (Chromium)', NAMES.outbox, 120, () => outboxClientBench(pageServer!.url))
    } else skip('device (Chromium)', NAMES.outbox, 'the client build failed')
  }

  if (needsServer) {
    log(`seeding ${REPORTS.toLocaleString('en-US')} reports into a fresh SQLite database…`)
    data = await createBenchDatabase(REPORTS, seededAt)
    log(`seeded in ${(data.seedMs / 1000).toFixed(1)} s (${data.url})`)
    // Hotspots first, before the server opens the database: it also folds the seeded reports into
    // hotspots, so the pushes below meet the state a real subdistrict would have.
    await step('hotspots', NAMES.hotspots, 420, () => hotspotsBench(data!.url, 400))
    server = await startServer({ databaseUrl: data.url, dataDir: data.dir, clientDist: client?.appDir })
    const coordinator = await login(server.url, 'coordinator')
    const inspector = await login(server.url, 'inspector')
    if (wanted('ingest')) {
      await step('sync ingest', NAMES.ingest, 240, () => ingestBench(server!, inspector, data!.url, coordinator))
      await step('sync ingest', NAMES.ingestPg, 900, async () => {
        let pgDb: TestDatabase | undefined
        let pgServer: BenchServer | undefined
        try {
          pgDb = await createPostgresTestDatabase(PG_ADMIN_URL)
          log("copying the SQLite bench database's reports and hotspots into PostgreSQL…")
          await createBenchDatabase(0, seededAt, pgDb.url)
          await copyReportsAndHotspots(data!.url, pgDb.url)
          pgServer = await startServer({ databaseUrl: pgDb.url, dataDir: join(data!.dir, 'pg-ingest') })
          const figures = await ingestBenchPg(pgServer, await login(pgServer.url, 'inspector'), pgDb.url, await login(pgServer.url, 'coordinator'))
          writeFileSync(PLANS, await hotStatementPlans(pgDb.url))
          log(`plans of the push path's hot statements written to ${PLANS}`)
          return figures
        } finally {
          await pgServer?.stop()
          await pgDb?.drop()
        }
      })
    }
    if (wanted('load')) {
      const target = (servers: BenchServer[], label: string, coordinator: string, inspector: string): LoadTarget => ({
        label,
        urls: servers.map((s) => s.url),
        pids: servers.map((s) => s.proc.pid),
        liveMemory: () => Promise.all(servers.map(liveMemory)),
        coordinator,
        inspector,
        coordinatorMap: (lat, lng) => {
          const [x, y] = tileOf(toGrid(lat, lng), 16)
          return `/api/patrol/hotspots/tiles/16/${x}/${y}`
        },
        residentsMap: (lat, lng) => {
          const { x, y } = basemapTileOf(lat, lng, 15)
          return `/tiles/15/${x}/${y}.png`
        },
      })
      await step('load (SQLite)', NAMES.load, 150, () => loadBench(target([server!], 'SQLite', coordinator, inspector)))
      await step('load (PostgreSQL)', NAMES.load, 420, async () => {
        let pgDb: TestDatabase | undefined
        let probe: pg.Client | undefined
        const procs: BenchServer[] = []
        try {
          pgDb = await createPostgresTestDatabase(PG_ADMIN_URL)
          log(`seeding ${REPORTS.toLocaleString('en-US')} reports into PostgreSQL…`)
          await createBenchDatabase(REPORTS, new Date(), pgDb.url)
          for (const name of ['a', 'b']) procs.push(await startServer({ databaseUrl: pgDb.url, dataDir: join(data!.dir, `pg-${name}`) }))
          const [c, i] = [await login(procs[0]!.url, 'coordinator'), await login(procs[0]!.url, 'inspector')]
          probe = new pg.Client({ connectionString: pgDb.url })
          await probe.connect()
          const held = async () => (await probe!.query<{ n: number }>(COUNTER_HELD)).rows[0]!.n > 0
          return await loadBench({ ...target(procs, 'PostgreSQL', c, i), counterHeld: held })
        } finally {
          await probe?.end()
          for (const p of procs) await p.stop()
          await pgDb?.drop()
        }
      })
    }

    if (client && (wanted('map') || wanted('device'))) {
      try {
        browser = await launchChromium()
        pageServer ??= await serveStatic(client.pageDir)
      } catch (e) {
        log(`Chromium failed to start: ${reason(e)}`)
      }
    }
    if (browser && pageServer) {
      if (wanted('map')) await step('map (Chromium)', NAMES.map, 180, () => mapClientBench(browser!, pageServer!.url))
      if (wanted('device')) {
        await step('device (Chromium)', NAMES.device, 90, () => offlineReloadBench(browser!, server!.url))
      }
    } else {
      const why = client ? 'Chromium could not be started' : 'the client build failed'
      if (wanted('map')) skip('map (Chromium)', NAMES.map, why)
      if (wanted('device')) skip('device (Chromium)', NAMES.device, why)
    }
    await browser?.close()
    browser = undefined
    if (wanted('lighthouse')) {
      if (client) await step('Lighthouse (mobile)', NAMES.lighthouse, 480, () => lighthouseBench(server!.url, client!, inspector))
      else skip('Lighthouse (mobile)', NAMES.lighthouse, 'the client build failed')
    }
    await server.stop()
    server = undefined
  } else if (wanted('map')) {
    // The map figures need only Chromium and the bench page, no server.
    if (client) {
      try {
        browser = await launchChromium()
        pageServer ??= await serveStatic(client.pageDir)
        await step('map (Chromium)', NAMES.map, 180, () => mapClientBench(browser!, pageServer!.url))
      } catch (e) {
        skip('map (Chromium)', NAMES.map, `Chromium failed to start: ${reason(e)}`)
      }
    } else skip('map (Chromium)', NAMES.map, 'the client build failed')
  }
  // Its own databases (100 000 and 1 000 000 reports) and servers, one size at a time.
  if (wanted('tiles')) {
    const sizes: SizeResult[] = []
    await step('tiles', NAMES.tiles.slice(0, 4), 900, () => tilesBench(log, 100_000, sizes))
    await step('tiles', NAMES.tiles.slice(4), 1800, () => tilesBench(log, 1_000_000, sizes))
  }
  if (wanted('chaos')) await step('sync chaos (long run)', ['records lost + duplicated + diverged after quiescence'], 200, () => chaosBench(90))
} finally {
  await browser?.close().catch(() => undefined)
  await pageServer?.close()
  await server?.stop()
  if (data) rmSync(data.dir, { recursive: true, force: true })
  if (client) for (const d of [client.appDir, client.pageDir]) rmSync(d, { recursive: true, force: true })
}

// Print the budgets in their fixed order, then the rest.
const ORDER = [
  'bundle',
  'runtime',
  'device (Chromium)',
  'map (Chromium)',
  'tiles',
  'sync ingest',
  'load (SQLite)',
  'load (PostgreSQL)',
  'hotspots',
  'Lighthouse (mobile)',
  'sync chaos (long run)',
]
figures.sort((a, b) => ORDER.indexOf(a.section) - ORDER.indexOf(b.section))
const seconds = (Date.now() - started.getTime()) / 1000
writeResults(RESULTS, figures, started, seconds)
const m = machine()
console.log(markdownTable(figures))
console.log(`\n${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, Node ${m.node}, load average (1 min) ${m.load_1m}`)
console.log(
  `\n${figures.filter((f) => f.verdict === 'met').length} met, ${figures.filter((f) => f.verdict === 'missed').length} missed, ${figures.filter((f) => f.verdict === 'not measured').length} not measured; ${Math.round(seconds)} s${only ? ` (only ${only.join(', ')})` : ''}; bench/results.json written`,
)
process.exit(0)
