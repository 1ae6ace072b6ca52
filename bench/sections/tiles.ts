// Map tiles at city scale: the coordinator map's tile route at 100 000 and at 1 000 000 reports, each on
// its own freshly seeded database and server, beside /api/health on the same server. Three workloads:
// a tile's first answer (computed from the cell counts), a tile asked again by another browser (the
// server's cached bytes), and a revisit by the same browser (If-None-Match → 304).
import { rmSync } from 'node:fs'
import autocannon from 'autocannon'
import { openDatabase } from '../../api/db/database.ts'
import { freshMapState } from '../../api/modules/patrol/hotspots/tiles.ts'
import { tilesCovering } from '#domain/patrol/map-tiles.ts'
import { atLeast, atMost, Collector } from '../lib/figures.ts'
import { createBenchDatabase, EXTENT, rng, SD } from '../lib/seed-db.ts'
import { login, startServer } from '../lib/server.ts'
import { summarize } from '../lib/stats.ts'

const LOAD_SECONDS = 8
const CONNECTIONS = 4
const SEQUENTIAL = 400

/** The tiles of 60 random 1280 × 800 px views over the subdistrict at zooms 13–18, as the map asks for them. */
function tilePaths(): string[] {
  const r = rng(123)
  const paths = new Set<string>()
  for (let i = 0; i < 60; i++) {
    const z = 13 + (i % 6)
    const c = { lat: EXTENT.minLat + r() * (EXTENT.maxLat - EXTENT.minLat), lng: EXTENT.minLng + r() * (EXTENT.maxLng - EXTENT.minLng) }
    // Degrees per pixel at zoom z: 360 / (256 · 2^z) east–west; north–south scaled by cos(lat).
    const dLng = (640 * 360) / (256 * 2 ** z)
    const dLat = ((400 * 360) / (256 * 2 ** z)) * Math.cos((c.lat * Math.PI) / 180)
    for (const t of tilesCovering({ west: c.lng - dLng, east: c.lng + dLng, south: c.lat - dLat, north: c.lat + dLat }, z))
      paths.add(`/api/patrol/hotspots/tiles/${t.z}/${t.x}/${t.y}`)
  }
  return [...paths]
}

async function sequential(url: string, paths: string[], headers: (p: string) => Record<string, string>, expect: number) {
  const ms: number[] = []
  for (let i = 0; i < Math.max(SEQUENTIAL, paths.length); i++) {
    const p = paths[i % paths.length]!
    const t0 = performance.now()
    const res = await fetch(`${url}${p}`, { headers: headers(p) })
    await res.arrayBuffer()
    ms.push(performance.now() - t0)
    if (res.status !== expect) throw new Error(`${p} → ${res.status}, expected ${expect}`)
  }
  return summarize(ms)
}

async function load(url: string, paths: string[], headers: (p: string) => Record<string, string>) {
  let i = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const path = paths[i++ % paths.length]!
          return { ...req, path, headers: { ...req.headers, ...headers(path) } }
        },
      },
    ],
  })
  return { rps: result.requests.average, errors: result.errors, non2xx: result.non2xx, s304: result['3xx'] ?? 0 }
}

export interface SizeResult {
  reports: number
  seedS: number
  buildS: number
  cold: ReturnType<typeof summarize>
  warm: ReturnType<typeof summarize>
  revisit: ReturnType<typeof summarize>
  health: ReturnType<typeof summarize>
  healthRps: number
  warmRps: number
  revisitRps: number
  tiles: number
  notes: string
}

async function measure(reports: number, log: (m: string) => void): Promise<SizeResult> {
  log(`tiles: seeding ${reports.toLocaleString('en-US')} reports…`)
  const data = await createBenchDatabase(reports)
  try {
    // The map tables are built once from the reports (a deployment does it on the first tile request).
    const t0 = performance.now()
    const { db, close } = openDatabase(data.url)
    try {
      await freshMapState(db, SD)
    } finally {
      await close()
    }
    const buildS = (performance.now() - t0) / 1000
    log(`tiles: seeded in ${(data.seedMs / 1000).toFixed(1)} s, map tables built in ${buildS.toFixed(1)} s`)
    const server = await startServer({ databaseUrl: data.url, dataDir: data.dir })
    try {
      const cookie = await login(server.url, 'coordinator')
      const paths = tilePaths()
      const plain = () => ({ cookie, 'accept-encoding': 'gzip' })
      // Cold: every tile computed once (the server keeps its bytes per version afterwards).
      const etags = new Map<string, string>()
      const coldMs: number[] = []
      for (const p of paths) {
        const t = performance.now()
        const res = await fetch(`${server.url}${p}`, { headers: plain() })
        await res.arrayBuffer()
        coldMs.push(performance.now() - t)
        if (res.status !== 200) throw new Error(`${p} → ${res.status}`)
        etags.set(p, res.headers.get('etag')!)
      }
      const revisitHeaders = (p: string) => ({ ...plain(), 'if-none-match': etags.get(p)! })
      const health = await sequential(server.url, ['/api/health'], () => ({}), 200)
      const warm = await sequential(server.url, paths, plain, 200)
      const revisit = await sequential(server.url, paths, revisitHeaders, 304)
      const healthLoad = await load(server.url, ['/api/health'], () => ({}))
      const warmLoad = await load(server.url, paths, plain)
      const revisitLoad = await load(server.url, paths, revisitHeaders)
      return {
        reports: data.count,
        seedS: data.seedMs / 1000,
        buildS,
        cold: summarize(coldMs),
        warm,
        revisit,
        health,
        healthRps: healthLoad.rps,
        warmRps: warmLoad.rps,
        revisitRps: revisitLoad.rps,
        tiles: paths.length,
        notes: `errors/non-2xx: health ${healthLoad.errors}/${healthLoad.non2xx}, tiles ${warmLoad.errors}/${warmLoad.non2xx}, revisits ${revisitLoad.errors}/${revisitLoad.non2xx - revisitLoad.s304} (304s ${revisitLoad.s304})`,
      }
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(data.dir, { recursive: true, force: true })
  }
}

/**
 * One size's figures; `earlier` collects each size's result, so the call for the second size adds the
 * comparison of both. run.ts calls it once per size, each under its own time limit.
 */
export async function tilesBench(log: (m: string) => void, size: number, earlier: SizeResult[]): Promise<Collector> {
  const out = new Collector('tiles')
  const load1 = (await import('node:os')).loadavg()[0]!.toFixed(1)
  const r = await measure(size, log)
  earlier.push(r)
  const at = `${r.reports.toLocaleString('en-US')} reports`
  const base = `${r.tiles} distinct tiles of 60 random 1280×800 views at zooms 13–18, coordinator, gzip; load average ${load1} at the start`
  out.add({ name: `seed ${at}`, value: r.seedS, unit: 's', note: 'bench/lib/seed-db.ts bulk insert (prepared statement, indexes built after the load)' })
  out.add({ name: `build map tables, ${at}`, value: r.buildS, unit: 's', note: 'freshMapState on an empty map: index, cell counts of 8 levels' })
  out.add({
    name: `first answer p95, ${at}`,
    value: r.cold.p95,
    unit: 'ms',
    comparison: `/api/health p95 ${r.health.p95.toFixed(2)} ms`,
    ratio: r.cold.p95 / r.health.p95,
    note: `each tile computed once from the cell counts (p50 ${r.cold.p50.toFixed(1)} ms); ${base}`,
  })
  out.add({
    name: `tile p95, ${at}`,
    value: r.warm.p95,
    unit: 'ms',
    budget: atMost(20, 'ms'),
    comparison: `/api/health p95 ${r.health.p95.toFixed(2)} ms`,
    ratio: r.warm.p95 / r.health.p95,
    note: `200 with the body, server's cached bytes (p50 ${r.warm.p50.toFixed(2)} ms); ${base}`,
  })
  out.add({
    name: `revisit (304) p95, ${at}`,
    value: r.revisit.p95,
    unit: 'ms',
    budget: atMost(20, 'ms'),
    comparison: `/api/health p95 ${r.health.p95.toFixed(2)} ms`,
    ratio: r.revisit.p95 / r.health.p95,
    note: `If-None-Match with the tile's ETag (p50 ${r.revisit.p50.toFixed(2)} ms); ${base}`,
  })
  out.add({
    name: `tile throughput, ${at}`,
    value: (r.warmRps / r.healthRps) * 100,
    unit: '% of /api/health',
    budget: atLeast(50, '% of /api/health'),
    comparison: `tiles ${Math.round(r.warmRps)} req/s, /api/health ${Math.round(r.healthRps)} req/s`,
    ratio: r.warmRps / r.healthRps,
    note: `autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each, same server; ${r.notes}`,
  })
  out.add({
    name: `revisit (304) throughput, ${at}`,
    value: (r.revisitRps / r.healthRps) * 100,
    unit: '% of /api/health',
    budget: atLeast(50, '% of /api/health'),
    comparison: `304s ${Math.round(r.revisitRps)} req/s, /api/health ${Math.round(r.healthRps)} req/s`,
    ratio: r.revisitRps / r.healthRps,
    note: `autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each; ${r.notes}`,
  })
  const [small, large] = earlier
  if (small && large && r === large) {
    // Flat: the tile route's share of the health route's throughput at ten times the reports.
    const flat = large.warmRps / large.healthRps / (small.warmRps / small.healthRps)
    out.add({
      name: 'throughput share at 1 000 000 ÷ at 100 000',
      value: flat,
      unit: '×',
      budget: atLeast(0.8, '×'),
      comparison: `${((large.warmRps / large.healthRps) * 100).toFixed(0)} % vs ${((small.warmRps / small.healthRps) * 100).toFixed(0)} % of /api/health`,
      note: 'each size against /api/health measured on its own server in the same run, so machine load cancels out',
    })
    out.add({
      name: 'tile p95 at 1 000 000 ÷ at 100 000',
      value: large.warm.p95 / small.warm.p95,
      unit: '×',
      budget: atMost(1.5, '×'),
      comparison: `${large.warm.p95.toFixed(2)} ms vs ${small.warm.p95.toFixed(2)} ms`,
    })
  }
  return out
}
