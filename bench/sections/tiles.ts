// Map tiles at city scale: the coordinator map's tile route at 100 000 and at 1 000 000 reports, each on
// its own freshly seeded database and server, beside /api/health on the same server. First the server
// builds its map tables in the background, as it does on a fresh deployment: timed until a tile answers,
// with sync pushes going on meanwhile (their latency, and whether they reach the tiles). Then steady
// state, three workloads: a tile's first answer (computed from the cell counts), a tile asked again by
// another browser (the server's cached bytes), and a revisit by the same browser (If-None-Match → 304).
import { rmSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { tileOf, tilesCovering, toGrid } from '#domain/patrol/map-tiles.ts'
import { idsShown } from '../../api/test-support/tile-reports.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { atLeast, atMost, Collector } from '../lib/figures.ts'
import { createBenchDatabase, EXTENT, placeName, rng } from '../lib/seed-db.ts'
import { login, startServer } from '../lib/server.ts'
import { sleep, summarize } from '../lib/stats.ts'

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
  build: Awaited<ReturnType<typeof buildUnderWrites>>
  cold: ReturnType<typeof summarize>
  /** Bytes on the wire (gzip) of each distinct tile's answer in the first pass. */
  coldBytes: { mean: number; max: number; maxPath: string }
  warm: ReturnType<typeof summarize>
  revisit: ReturnType<typeof summarize>
  health: ReturnType<typeof summarize>
  healthRps: number
  /** `/api/auth/me` as the coordinator: a signed-in read (session lookup, no write), beside the health probe. */
  meRps: number
  warmRps: number
  revisitRps: number
  tiles: number
  notes: string
}

/**
 * One report pushed as a device does, in the demo inspector's 九龙南 just south of where the seeded
 * reports lie; answers its id, place and latency.
 */
async function pushOne(url: string, cookie: string, r: () => number) {
  // Rounded as a device sends it: the tile looked for afterwards is the one of the position stored.
  const at = { lat: Math.round((39.8808 + r() * 0.002) * 1e6) / 1e6, lng: Math.round((116.466 + r() * 0.012) * 1e6) / 1e6 }
  const id = uuidv7()
  const m: Mutation = {
    id: uuidv7(),
    entity: 'report',
    entity_id: id,
    op: 'put',
    base_version: null,
    data: {
      position: { lat: at.lat, lng: at.lng, accuracy_m: 6, source: 'gps' },
      community_id: 'jiulongnan',
      address: placeName(at),
      kind: 'shared_bike',
      counts: { 'bike-a': 2 },
      blocked_share: 0.5,
      observed_at: new Date(Date.now() - 60_000).toISOString(),
    },
    client_time: new Date().toISOString(),
  }
  const t0 = performance.now()
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ device_id: 'bench-tiles', mutations: [m] }),
  })
  const body = (await res.json()) as PushResponse
  const ms = performance.now() - t0
  if (body.results?.[0]?.status !== 'applied') throw new Error(`push during the build: ${res.status} ${JSON.stringify(body).slice(0, 200)}`)
  return { id, at, ms }
}

/**
 * The server's own map build on a fresh database: from healthy until a tile answers 200, with one push
 * after another meanwhile (and a tile asked for every half second, which must be a 503 "being
 * prepared" until then). Then every pushed report must be in its zoom-18 tile.
 */
async function buildUnderWrites(url: string, coordinator: string, inspector: string) {
  const r = rng(99)
  const probe = `/api/patrol/hotspots/tiles/13/${tileOf(toGrid((EXTENT.minLat + EXTENT.maxLat) / 2, (EXTENT.minLng + EXTENT.maxLng) / 2), 13).join('/')}`
  const t0 = performance.now()
  const pushed: { id: string; at: { lat: number; lng: number } }[] = []
  const pushMs: number[] = []
  let notReady = 0
  let lastProbe = -Infinity
  for (;;) {
    if (performance.now() - lastProbe >= 500) {
      lastProbe = performance.now()
      const res = await fetch(`${url}${probe}`, { headers: { cookie: coordinator } })
      await res.arrayBuffer()
      if (res.status === 200) break
      if (res.status !== 503 || !res.headers.get('retry-after')) throw new Error(`tile during the build: ${res.status}`)
      notReady++
    }
    const p = await pushOne(url, inspector, r)
    pushed.push(p)
    pushMs.push(p.ms)
    await sleep(50)
  }
  const buildS = (performance.now() - t0) / 1000
  const idle: number[] = []
  for (let i = 0; i < 40; i++) {
    idle.push((await pushOne(url, inspector, r)).ms)
    await sleep(50)
  }
  let missing = 0
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { cookie: coordinator } })
    if (res.status !== 200) throw new Error(`${path} after the build: ${res.status}`)
    return res
  }
  const shown = new Map<string, Set<string>>()
  for (const p of pushed) {
    const [x, y] = tileOf(toGrid(p.at.lat, p.at.lng), 18)
    const key = `${x}/${y}`
    if (!shown.has(key)) shown.set(key, new Set(await idsShown(get, 18, x, y)))
    if (!shown.get(key)!.has(p.id)) missing++
  }
  return { buildS, during: summarize(pushMs), after: summarize(idle), pushes: pushed.length, missing, notReady }
}

async function measure(reports: number, log: (m: string) => void): Promise<SizeResult> {
  log(`tiles: seeding ${reports.toLocaleString('en-US')} reports…`)
  const data = await createBenchDatabase(reports)
  try {
    log(`tiles: seeded in ${(data.seedMs / 1000).toFixed(1)} s; the server builds its map tables as it starts`)
    const server = await startServer({ databaseUrl: data.url, dataDir: data.dir })
    try {
      const cookie = await login(server.url, 'coordinator')
      const build = await buildUnderWrites(server.url, cookie, await login(server.url, 'inspector'))
      log(`tiles: map tables built in ${build.buildS.toFixed(1)} s with ${build.pushes} pushes meanwhile (p95 ${build.during.p95.toFixed(0)} ms)`)
      if (build.missing) throw new Error(`${build.missing} of ${build.pushes} reports pushed during the build are missing from their tiles`)
      const paths = tilePaths()
      const plain = () => ({ cookie, 'accept-encoding': 'gzip' })
      // Cold: every tile computed once (the server keeps its bytes per version afterwards).
      const etags = new Map<string, string>()
      const coldMs: number[] = []
      const coldBytes = { mean: 0, max: 0, maxPath: '' }
      for (const p of paths) {
        const t = performance.now()
        const res = await fetch(`${server.url}${p}`, { headers: plain() })
        const body = await res.arrayBuffer()
        coldMs.push(performance.now() - t)
        // fetch hands over the body decompressed: its gzip size where no length came with it.
        const bytes = Number(res.headers.get('content-length')) || gzipSync(Buffer.from(body)).length
        coldBytes.mean += bytes / paths.length
        if (bytes > coldBytes.max) Object.assign(coldBytes, { max: bytes, maxPath: p })
        if (res.status !== 200) throw new Error(`${p} → ${res.status}`)
        etags.set(p, res.headers.get('etag')!)
      }
      const revisitHeaders = (p: string) => ({ ...plain(), 'if-none-match': etags.get(p)! })
      const health = await sequential(server.url, ['/api/health'], () => ({}), 200)
      const warm = await sequential(server.url, paths, plain, 200)
      const revisit = await sequential(server.url, paths, revisitHeaders, 304)
      const healthLoad = await load(server.url, ['/api/health'], () => ({}))
      const meLoad = await load(server.url, ['/api/auth/me'], () => ({ cookie }))
      const warmLoad = await load(server.url, paths, plain)
      const revisitLoad = await load(server.url, paths, revisitHeaders)
      return {
        reports: data.count,
        seedS: data.seedMs / 1000,
        buildS: build.buildS,
        build,
        cold: summarize(coldMs),
        coldBytes,
        warm,
        revisit,
        health,
        healthRps: healthLoad.rps,
        meRps: meLoad.rps,
        warmRps: warmLoad.rps,
        revisitRps: revisitLoad.rps,
        tiles: paths.length,
        notes: `errors/non-2xx: health ${healthLoad.errors}/${healthLoad.non2xx}, /api/auth/me ${meLoad.errors}/${meLoad.non2xx}, tiles ${warmLoad.errors}/${warmLoad.non2xx}, revisits ${revisitLoad.errors}/${revisitLoad.non2xx - revisitLoad.s304} (304s ${revisitLoad.s304})`,
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
  const b = r.build
  out.add({
    name: `map tables built at server start, ${at}`,
    value: r.buildS,
    unit: 's',
    comparison: `seed ${r.seedS.toFixed(1)} s`,
    note: `the server's own background build (in steps, index and cell counts of 9 levels, then the changes logged meanwhile), timed from healthy until a tile answers 200; ${b.notReady} tile requests meanwhile answered 503 "being prepared"; ${b.pushes} pushes meanwhile; load average ${load1} at the start`,
  })
  out.add({
    name: `sync push p95 during the map build, ${at}`,
    value: b.during.p95,
    unit: 'ms',
    budget: atMost(250, 'ms'),
    comparison: `after the build p95 ${b.after.p95.toFixed(1)} ms`,
    ratio: b.during.p95 / b.after.p95,
    note: `one report per push, one after another with 50 ms between (max ${b.during.max.toFixed(0)} ms, p50 ${b.during.p50.toFixed(1)} ms); the old build held the change-log lock throughout`,
  })
  out.add({
    name: `reports pushed during the build missing from the tiles, ${at}`,
    value: b.missing,
    unit: 'reports',
    budget: atMost(0, 'reports'),
    comparison: `${b.pushes} pushed`,
    note: "each looked for in its zoom-18 tile once the map answers (its points, and the reports its clusters' cells list)",
  })
  out.add({
    name: `first answer p95, ${at}`,
    value: r.cold.p95,
    unit: 'ms',
    comparison: `/api/health p95 ${r.health.p95.toFixed(2)} ms`,
    ratio: r.cold.p95 / r.health.p95,
    note: `each tile computed once from the cell counts (p50 ${r.cold.p50.toFixed(1)} ms); ${base}`,
  })
  out.add({
    name: `tile answer size, gzip, largest, ${at}`,
    value: r.coldBytes.max / 1024,
    unit: 'KB',
    comparison: `mean ${(r.coldBytes.mean / 1024).toFixed(1)} KB`,
    note: `bytes on the wire of each distinct tile's first answer; the largest is ${r.coldBytes.maxPath}`,
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
    // Flatness: the 1 000 000 figures against the 100 000 ones. Each size is set beside /api/health on its
    // own server in the same run, so machine load cancels out in the throughput shares.
    const share = (x: SizeResult, rps: number) => rps / x.healthRps
    out.add({
      name: 'flatness: tile throughput share, 1 000 000 ÷ 100 000',
      value: share(large, large.warmRps) / share(small, small.warmRps),
      unit: '×',
      budget: atLeast(0.8, '×'),
      comparison: `${(share(large, large.warmRps) * 100).toFixed(0)} % vs ${(share(small, small.warmRps) * 100).toFixed(0)} % of /api/health`,
      note: 'tiles (server-cached bytes) as a share of /api/health on the same server',
    })
    out.add({
      name: 'flatness: revisit (304) throughput share, 1 000 000 ÷ 100 000',
      value: share(large, large.revisitRps) / share(small, small.revisitRps),
      unit: '×',
      budget: atLeast(0.8, '×'),
      comparison: `${(share(large, large.revisitRps) * 100).toFixed(0)} % vs ${(share(small, small.revisitRps) * 100).toFixed(0)} % of /api/health`,
    })
    // The same shares against a signed-in read that writes nothing: /api/health writes a row and a file
    // on every call (it checks the database and DATA_DIR can be written), so its rate moves with the disk.
    const meShare = (x: SizeResult, rps: number) => rps / x.meRps
    out.add({
      name: 'flatness: tile / revisit (304) throughput share of /api/auth/me, 1 000 000 ÷ 100 000',
      value: meShare(large, large.warmRps) / meShare(small, small.warmRps),
      unit: '×',
      comparison: `revisits ${(meShare(large, large.revisitRps) / meShare(small, small.revisitRps)).toFixed(2)} ×; /api/auth/me ${Math.round(small.meRps)} / ${Math.round(large.meRps)} req/s, /api/health ${Math.round(small.healthRps)} / ${Math.round(large.healthRps)} req/s`,
      note: 'context for the two rows above: the base is a signed-in read (session lookup, as a tile) with no write',
    })
    out.add({
      name: 'flatness: tile p95, 1 000 000 ÷ 100 000',
      value: large.warm.p95 / small.warm.p95,
      unit: '×',
      budget: atMost(1.5, '×'),
      comparison: `${large.warm.p95.toFixed(2)} ms vs ${small.warm.p95.toFixed(2)} ms`,
    })
    out.add({
      name: 'flatness: first answer p95, 1 000 000 ÷ 100 000',
      value: large.cold.p95 / small.cold.p95,
      unit: '×',
      budget: atMost(1.5, '×'),
      comparison: `${large.cold.p95.toFixed(2)} ms vs ${small.cold.p95.toFixed(2)} ms`,
      note: 'each tile computed once from the cell counts',
    })
  }
  return out
}
