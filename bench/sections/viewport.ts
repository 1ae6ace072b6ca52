// Viewport query over 100 000 reports: latency of one request at a time (p50/p95/p99, exact), then
// requests/s under autocannon load, both beside /api/health on the same server, which is the ceiling.
import autocannon from 'autocannon'
import { atMost, Collector } from '../lib/figures.ts'
import { rng, EXTENT } from '../lib/seed-db.ts'
import { summarize } from '../lib/stats.ts'
import type { BenchServer } from '../lib/server.ts'

const SEQUENTIAL = 400
const LOAD_SECONDS = 8
const CONNECTIONS = 4

/** A desktop map of 1280 × 800 px at zoom 18 around `c`: ≈ 590 × 370 m (0.46 m/px at 39.9° N). */
function viewBox(c: { lat: number; lng: number }): string {
  const halfW = (1280 / 2) * 0.458
  const halfH = (800 / 2) * 0.458
  const dLat = halfH / 111_320
  const dLng = halfW / (111_320 * Math.cos((c.lat * Math.PI) / 180))
  const f = (x: number) => x.toFixed(6)
  return [f(c.lng - dLng), f(c.lat - dLat), f(c.lng + dLng), f(c.lat + dLat)].join(',')
}

interface Endpoint {
  paths: string[]
  /** The same views asking for one keyset page of 500 points (only for a bbox endpoint). */
  smallPages?: string[]
  label: string
  note: string
}

/** The viewport endpoint from the hotspots issue when the API has one (a GET with a `bbox` query), else the report list. */
async function findEndpoint(url: string, cookie: string): Promise<Endpoint> {
  const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>
  }
  const viewport = Object.entries(spec.paths).find(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'bbox'))
  const r = rng(99)
  const centres = Array.from({ length: 200 }, () => ({
    lat: EXTENT.minLat + r() * (EXTENT.maxLat - EXTENT.minLat),
    lng: EXTENT.minLng + r() * (EXTENT.maxLng - EXTENT.minLng),
  }))
  if (viewport) {
    const path = viewport[0].replace(/\{(\w+)\}/g, ':$1')
    const paths = centres.map((c) => `${path}?bbox=${viewBox(c)}`)
    const probe = await fetch(`${url}${paths[0]}`, { headers: { cookie } })
    if (probe.ok) {
      return {
        paths,
        smallPages: paths.map((p) => `${p}&limit=500`),
        label: `GET ${path}?bbox=…`,
        note: `${path} (hotspots issue), coordinator, 200 random 1280×800 px zoom-18 views (≈590×370 m)`,
      }
    }
  }
  const why = viewport ? `${viewport[0]} answered an error` : 'no GET route with a bbox query in /api/openapi.json yet'
  return {
    paths: ['/api/patrol/reports?limit=500'],
    label: 'GET /api/patrol/reports?limit=500',
    note: `fallback: the patrol report list (newest 500), because ${why}`,
  }
}

async function sequential(url: string, paths: string[], cookie: string) {
  const ms: number[] = []
  let items = 0
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now()
    const res = await fetch(`${url}${paths[i % paths.length]}`, { headers: { cookie } })
    const body = (await res.json()) as unknown
    ms.push(performance.now() - t0)
    if (!res.ok) throw new Error(`${paths[i % paths.length]} → ${res.status}`)
    items += Array.isArray(body) ? body.length : Array.isArray((body as { points?: unknown[] }).points) ? (body as { points: unknown[] }).points.length : 0
  }
  return { ...summarize(ms), meanItems: items / SEQUENTIAL }
}

async function load(url: string, paths: string[], cookie: string): Promise<{ rps: number; errors: number; non2xx: number }> {
  let i = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  })
  return { rps: result.requests.average, errors: result.errors, non2xx: result.non2xx }
}

export async function viewportBench(server: BenchServer, cookie: string, reports: number): Promise<Collector> {
  const out = new Collector('viewport')
  const ep = await findEndpoint(server.url, cookie)
  for (let i = 0; i < 20; i++) await fetch(`${server.url}${ep.paths[i % ep.paths.length]}`, { headers: { cookie } }).then((r) => r.arrayBuffer())
  const health = await sequential(server.url, ['/api/health'], cookie)
  const view = await sequential(server.url, ep.paths, cookie)
  const small = ep.smallPages ? await sequential(server.url, ep.smallPages, cookie) : undefined
  const healthLoad = await load(server.url, ['/api/health'], cookie)
  const viewLoad = await load(server.url, ep.paths, cookie)
  const base = `${ep.note}; ${reports.toLocaleString('en-US')} reports; mean ${Math.round(view.meanItems)} points per answer; ${SEQUENTIAL} requests one at a time`
  out.add({
    name: 'p50 latency',
    value: view.p50,
    unit: 'ms',
    comparison: `/api/health p50 ${health.p50.toFixed(2)} ms`,
    ratio: view.p50 / health.p50,
    note: base,
  })
  out.add({
    name: 'p95 latency',
    value: view.p95,
    unit: 'ms',
    budget: atMost(20, 'ms'),
    comparison: `/api/health p95 ${health.p95.toFixed(2)} ms`,
    ratio: view.p95 / health.p95,
    note: base,
  })
  if (small) {
    out.add({
      name: 'p95 latency, pages of 500 points',
      value: small.p95,
      unit: 'ms',
      comparison: `whole view in one answer p95 ${view.p95.toFixed(1)} ms`,
      ratio: small.p95 / view.p95,
      note: `the same views with &limit=500 (mean ${Math.round(small.meanItems)} points per answer); p50 ${small.p50.toFixed(1)} ms: how much of the time is the size of the answer`,
    })
  }
  out.add({
    name: 'p99 latency',
    value: view.p99,
    unit: 'ms',
    comparison: `/api/health p99 ${health.p99.toFixed(2)} ms`,
    ratio: view.p99 / health.p99,
    note: base,
  })
  out.add({
    name: 'throughput under load',
    value: viewLoad.rps,
    unit: 'req/s',
    comparison: `/api/health ${Math.round(healthLoad.rps)} req/s`,
    ratio: viewLoad.rps / healthLoad.rps,
    note: `autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each, same server; errors ${viewLoad.errors}, non-2xx ${viewLoad.non2xx} (health: ${healthLoad.errors}/${healthLoad.non2xx}); ${ep.label}`,
  })
  return out
}
