// The load test: 60 s, 32 connections, a mix of what the subdistrict does at once — residents opening
// their map and the lunch menu, the coordinator panning the map, inspectors' devices pushing and
// pulling, people signing in — against the real compiled server(s). p99 latency and errors over the
// whole mix, and the servers' memory after warm-up (sampled every 2 s), beside /api/health under the
// same 32 connections.
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import { atMost, Collector } from '../lib/figures.ts'
import { EXTENT, rng } from '../lib/seed-db.ts'
import { sleep } from '../lib/stats.ts'
import { uuidv7 } from '#domain/ids.ts'
import { DEMO_PASSWORD } from '../../api/db/seed/accounts.ts'

export const LOAD_SECONDS = 60
export const CONNECTIONS = 32
const WARMUP_SECONDS = 15
const SAMPLE_MS = 2000

export interface LoadTarget {
  /** The database's name for the figures: `SQLite` or `PostgreSQL`. */
  label: string
  /** One URL per API process; connections are shared out evenly. */
  urls: string[]
  pids: number[]
  coordinator: string
  inspector: string
  /** The coordinator's map request for a view (a tile, or the viewport query while there are no tiles). */
  coordinatorMap: (lat: number, lng: number) => string
  /** The residents' map request for a view. */
  residentsMap: (lat: number, lng: number) => string
}

interface Req {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

/** The mix, by weight (per 100 requests). */
export const MIX = {
  'residents map': 30,
  'residents menu': 15,
  'coordinator map': 25,
  'sync pull': 15,
  'sync push (5 reports)': 12,
  'sign-in': 3,
} as const
type Kind = keyof typeof MIX

function picker(seed: number): () => Kind {
  const r = rng(seed)
  const entries = Object.entries(MIX) as [Kind, number][]
  const total = entries.reduce((a, [, w]) => a + w, 0)
  return () => {
    let x = r() * total
    for (const [k, w] of entries) if ((x -= w) < 0) return k
    return entries[0]![0]
  }
}

function requestFor(kind: Kind, t: LoadTarget, origin: string, r: () => number, device: string): Req {
  const lat = EXTENT.minLat + r() * (EXTENT.maxLat - EXTENT.minLat)
  const lng = EXTENT.minLng + r() * (EXTENT.maxLng - EXTENT.minLng)
  switch (kind) {
    case 'residents map':
      return { method: 'GET', path: t.residentsMap(lat, lng), headers: {} }
    case 'residents menu':
      return { method: 'GET', path: '/api/meals/public', headers: {} }
    case 'coordinator map':
      return { method: 'GET', path: t.coordinatorMap(lat, lng), headers: { cookie: t.coordinator } }
    case 'sync pull':
      return { method: 'GET', path: '/api/sync/pull?limit=200', headers: { cookie: t.inspector } }
    case 'sync push (5 reports)': {
      const at = new Date(Date.now() - 60_000).toISOString()
      const mutations = Array.from({ length: 5 }, () => ({
        id: uuidv7(),
        entity: 'report',
        entity_id: uuidv7(),
        op: 'put',
        base_version: null,
        data: {
          position: { lat, lng, accuracy_m: 6, source: 'gps' },
          community_id: 'jiulongnan',
          address: '负载测试',
          kind: 'shared_bike',
          counts: { 'bike-a': 1 + Math.floor(r() * 9) },
          blocked_share: 0.5,
          clear_width_m: 1.2,
          photos: [],
          note: '',
          observed_at: at,
        },
        client_time: at,
      }))
      return {
        method: 'POST',
        path: '/api/sync/push',
        headers: { 'content-type': 'application/json', origin, cookie: t.inspector },
        body: JSON.stringify({ device_id: device, mutations }),
      }
    }
    case 'sign-in':
      return {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'inspector', password: DEMO_PASSWORD }),
      }
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

interface Run {
  p99: number
  p50: number
  rps: number
  errors: number
  non2xx: number
  requests: number
}

/** One autocannon per process, run together; their p99 is the worse of the two, their counts add up. */
async function cannon(urls: string[], seconds: number, make: (url: string, i: number) => autocannon.Request): Promise<Run> {
  const runs = await Promise.all(
    urls.map((url, i) =>
      autocannon({
        url,
        connections: Math.ceil(CONNECTIONS / urls.length),
        duration: seconds,
        requests: [make(url, i)],
      }),
    ),
  )
  return {
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    rps: runs.reduce((a, r) => a + r.requests.average, 0),
    errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    requests: runs.reduce((a, r) => a + r.requests.total, 0),
  }
}

export async function loadBench(t: LoadTarget, section = `load (${t.label})`): Promise<Collector> {
  const c = new Collector(section)
  const health = await cannon(t.urls, 10, () => ({ method: 'GET', path: '/api/health' }))
  const samples: { at: number; mb: number }[] = []
  const started = performance.now()
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      samples.push({ at: (performance.now() - started) / 1000, mb: t.pids.reduce((a, pid) => a + rssMb(pid), 0) })
      await sleep(SAMPLE_MS)
    }
  })()
  const counts: Record<string, number> = {}
  let mix: Run
  try {
    mix = await cannon(t.urls, LOAD_SECONDS, (url, i) => {
      const pick = picker(1000 + i)
      const r = rng(2000 + i)
      return {
        setupRequest: (req: autocannon.Request) => {
          const kind = pick()
          counts[kind] = (counts[kind] ?? 0) + 1
          return { ...req, ...requestFor(kind, t, url, r, `load-${i}`) }
        },
      }
    })
  } finally {
    sampling = false
    await sampler
  }
  const after = samples.filter((s) => s.at >= WARMUP_SECONDS && Number.isFinite(s.mb))
  const first = after[0]?.mb ?? NaN
  const last = after.at(-1)?.mb ?? NaN
  const peak = Math.max(...after.map((s) => s.mb))
  const growth = (last - first) / first
  const sent = Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
  const procs = `${t.urls.length} process${t.urls.length > 1 ? 'es' : ''}`
  c.add({
    name: `mixed load p99, ${CONNECTIONS} connections, ${LOAD_SECONDS} s`,
    value: mix.p99,
    unit: 'ms',
    budget: atMost(200, 'ms'),
    comparison: `/api/health under the same ${CONNECTIONS} connections: p99 ${health.p99} ms, ${Math.round(health.rps)} req/s`,
    ratio: mix.p99 / Math.max(1, health.p99),
    note: `${t.label}, ${procs}; ${Math.round(mix.rps)} req/s, median ${mix.p50} ms; sent: ${sent}`,
  })
  c.add({
    name: 'mixed load errors (failed + non-2xx)',
    value: mix.errors + mix.non2xx,
    unit: 'responses',
    budget: atMost(0, 'responses'),
    comparison: `of ${mix.requests} requests`,
    note: `${mix.errors} failed or timed out, ${mix.non2xx} answered non-2xx`,
  })
  c.add({
    name: 'memory growth after warm-up',
    value: growth * 100,
    unit: '%',
    budget: atMost(20, '%'),
    comparison: `RSS ${Math.round(first)} MB at ${WARMUP_SECONDS} s → ${Math.round(last)} MB at the end (peak ${Math.round(peak)} MB)`,
    note: `resident set of the server process${t.pids.length > 1 ? 'es, summed' : ''}, sampled every ${SAMPLE_MS / 1000} s`,
  })
  return c
}
