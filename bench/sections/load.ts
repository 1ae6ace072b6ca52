// The load test: 60 s, 32 connections, a mix of what the subdistrict does at once — residents opening
// their map (the public zones and the basemap tiles under them) and the lunch menu, the coordinator
// panning the map, inspectors' devices pushing new reports and pulling from their own cursor — plus
// people signing in, arriving at their own rate, against the real compiled server(s). p99 latency and
// errors over every request (every answer outside 2xx is an error, and so is a timeout), the p99 and the
// answers of each kind of request, and each server's live heap after a full garbage collection before
// and after the mix (its resident set sampled every 2 s beside it), beside /api/health under the same
// 32 connections.
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import { atMost, Collector } from '../lib/figures.ts'
import { EXTENT, rng } from '../lib/seed-db.ts'
import { percentile, sleep } from '../lib/stats.ts'
import { uuidv7 } from '#domain/ids.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/seed/accounts.ts'
import type { LiveMemory } from '../lib/server.ts'

export const LOAD_SECONDS = 60
export const CONNECTIONS = 32
const WARMUP_SECONDS = 15
const SAMPLE_MS = 2000
/** Memory is compared as the median of this many samples at each end, so one GC's timing does not decide. */
const ENDS = 3
/** How often the counter lock is looked at during the mix (one cheap query each time). */
const LOCK_SAMPLE_MS = 25

export interface LoadTarget {
  /** The database's name for the figures: `SQLite` or `PostgreSQL`. */
  label: string
  /** One URL per API process; connections are shared out evenly. */
  urls: string[]
  pids: number[]
  /** Each process's memory right after a full garbage collection (bench/lib/gc-probe.cjs), in the order of `urls`. */
  liveMemory: () => Promise<LiveMemory[]>
  coordinator: string
  inspector: string
  /** The coordinator's map request for a view (a tile, or the viewport query while there are no tiles). */
  coordinatorMap: (lat: number, lng: number) => string
  /** One basemap tile under the residents' map for a view (the server's own MBTiles basemap). */
  residentsMap: (lat: number, lng: number) => string
  /** Whether a transaction holds a sync counter row's lock right now (PostgreSQL), sampled during the mix. */
  counterHeld?: () => Promise<boolean>
}

interface Req {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

/**
 * The closed loop's mix, by weight (per 97 requests). A resident's map view is the zones' JSON and the
 * basemap tiles under it; the coordinator's map is its hotspot tiles; each connection's device pulls from
 * the cursor its last pull returned and pushes reports with new ids.
 */
export const MIX = {
  'residents zones': 10,
  'residents basemap': 20,
  'residents menu': 15,
  'coordinator map': 25,
  'sync pull': 15,
  'sync push (5 reports)': 12,
} as const
type Kind = keyof typeof MIX | 'sign-in'

/**
 * Sign-ins arrive on their own clock (open loop, random arrivals at this mean rate, spread over the
 * processes), not as a share of the closed loop: there a share is a share of whatever the server
 * manages, and 3 in 100 of about 300 requests a second asked for some 9 sign-ins a second — 540 a
 * minute, a whole office signing in five times over every minute. A subdistrict office has tens to a
 * hundred staff; a session lasts up to a week (`SESSION_ABSOLUTE_HOURS`), so each person signs in about
 * once a day per device, and the busiest moment is the start of a shift: a hundred people within ten
 * minutes is 0.17 a second. Two a second (120 a minute: every one of a large office's staff in the same
 * minute) is more than ten times that peak. They go round the accounts that sign in with a password alone
 * (coordinator and admin need the authenticator's code), from one office address.
 */
export const SIGN_INS_PER_SECOND = 2
/** A sign-in not answered by then counts as an error, as autocannon's timeout does for the rest. */
const SIGN_IN_TIMEOUT_MS = 10_000

const SIGN_IN = DEMO_ACCOUNTS.filter((a) => a.role !== 'coordinator' && a.role !== 'admin').map((a) => a.username)

function picker(seed: number): () => keyof typeof MIX {
  const r = rng(seed)
  const entries = Object.entries(MIX) as [keyof typeof MIX, number][]
  const total = entries.reduce((a, [, w]) => a + w, 0)
  return () => {
    let x = r() * total
    for (const [k, w] of entries) if ((x -= w) < 0) return k
    return entries[0]![0]
  }
}

/** What one connection remembers between its requests: the request in flight, its device and cursor. */
interface Conn {
  kind?: keyof typeof MIX
  sentAt?: number
  device?: string
  cursor?: string
}

function requestFor(kind: keyof typeof MIX, t: LoadTarget, origin: string, r: () => number, conn: Conn): Req {
  const lat = EXTENT.minLat + r() * (EXTENT.maxLat - EXTENT.minLat)
  const lng = EXTENT.minLng + r() * (EXTENT.maxLng - EXTENT.minLng)
  switch (kind) {
    case 'residents zones':
      return { method: 'GET', path: '/api/patrol/zones/public', headers: {} }
    case 'residents basemap':
      return { method: 'GET', path: t.residentsMap(lat, lng), headers: {} }
    case 'residents menu':
      return { method: 'GET', path: '/api/meals/public', headers: {} }
    case 'coordinator map':
      return { method: 'GET', path: t.coordinatorMap(lat, lng), headers: { cookie: t.coordinator } }
    case 'sync pull':
      return { method: 'GET', path: `/api/sync/pull?since=${conn.cursor ?? '0'}&limit=200`, headers: { cookie: t.inspector } }
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
        body: JSON.stringify({ device_id: conn.device, mutations }),
      }
    }
  }
}

function signInRequest(origin: string, n: number): Req {
  return {
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: SIGN_IN[n % SIGN_IN.length], password: DEMO_PASSWORD }),
  }
}

/** What the open loop's requests got: answered ones in `stats`, the rest counted here. */
interface OpenLoop {
  requests: number
  failed: number
  timeouts: number
  non2xx: number
}

/**
 * Sends sign-ins at random (exponential) intervals averaging `perSecond` for `seconds`, round the
 * processes, whether or not earlier ones are answered; waits for the last answer.
 */
async function signInArrivals(urls: string[], perSecond: number, seconds: number, into: KindStats): Promise<OpenLoop> {
  const r = rng(3000)
  const out: OpenLoop = { requests: 0, failed: 0, timeouts: 0, non2xx: 0 }
  const inFlight: Promise<void>[] = []
  const end = performance.now() + seconds * 1000
  let due = performance.now()
  for (let n = 0; ; n++) {
    due += (-Math.log(1 - r()) / perSecond) * 1000
    if (due >= end) break
    await sleep(Math.max(0, due - performance.now()))
    const url = urls[n % urls.length]!
    const req = signInRequest(url, n)
    out.requests++
    const sentAt = performance.now()
    inFlight.push(
      (async () => {
        try {
          const res = await fetch(url + req.path, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS) })
          await res.arrayBuffer()
          into.ms.push(performance.now() - sentAt)
          into.status[res.status] = (into.status[res.status] ?? 0) + 1
          if (res.status < 200 || res.status > 299) out.non2xx++
        } catch (e) {
          out.failed++
          if (e instanceof DOMException && e.name === 'TimeoutError') out.timeouts++
        }
      })(),
    )
  }
  await Promise.all(inFlight)
  return out
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

/** Per kind of request: its latencies (answered requests) and its answers by status. */
interface KindStats {
  ms: number[]
  status: Record<number, number>
}

interface Run {
  p99: number
  p50: number
  rps: number
  /** Requests that got no answer: connection errors and timeouts (autocannon counts a timeout as an error too). */
  failed: number
  timeouts: number
  non2xx: number
  requests: number
}

/** One autocannon per process, run together; their p99 is the worse of the two, their counts add up. */
async function cannon(urls: string[], seconds: number, make: (url: string, i: number) => Partial<autocannon.Request>): Promise<Run> {
  const runs = await Promise.all(
    urls.map((url, i) =>
      autocannon({
        url,
        connections: Math.ceil(CONNECTIONS / urls.length),
        duration: seconds,
        requests: [{ method: 'GET', path: '/', ...make(url, i) }],
      }),
    ),
  )
  return {
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    rps: runs.reduce((a, r) => a + r.requests.average, 0),
    failed: runs.reduce((a, r) => a + r.errors, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    requests: runs.reduce((a, r) => a + r.requests.total, 0),
  }
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  )

export async function loadBench(t: LoadTarget, section = `load (${t.label})`): Promise<Collector> {
  const c = new Collector(section)
  // A server in use has its map tables: they are built once per database (in the background from
  // server start), not per request, so the build is waited for here and its time noted, not mixed in.
  const primeStarted = performance.now()
  // While the server builds them in the background a tile answers 503 with Retry-After: ask again.
  for (const url of t.urls) {
    for (;;) {
      const res = await fetch(url + t.coordinatorMap((EXTENT.minLat + EXTENT.maxLat) / 2, (EXTENT.minLng + EXTENT.maxLng) / 2), {
        headers: { cookie: t.coordinator },
      })
      await res.arrayBuffer()
      if (res.status === 503 && performance.now() - primeStarted < 900_000) {
        await sleep(Number(res.headers.get('retry-after') ?? 3) * 1000)
        continue
      }
      if (!res.ok) throw new Error(`the coordinator map answered ${res.status} before the load`)
      break
    }
  }
  const primeMs = performance.now() - primeStarted
  const health = await cannon(t.urls, 10, () => ({ method: 'GET', path: '/api/health' }))
  // Warmed up by the map build and 10 s of health checks; taken between the timed runs, as the full
  // collection pauses the process.
  const liveBefore = await t.liveMemory()
  const samples: { at: number; mb: number[] }[] = []
  const started = performance.now()
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      samples.push({ at: (performance.now() - started) / 1000, mb: t.pids.map(rssMb) })
      await sleep(SAMPLE_MS)
    }
  })()
  const stats = Object.fromEntries([...Object.keys(MIX), 'sign-in'].map((k) => [k, { ms: [], status: {} }])) as unknown as Record<Kind, KindStats>
  // The share of the mix's time some push held the subdistrict's counter row: every push queues for it.
  const held = { yes: 0, all: 0 }
  const lockSampler = (async () => {
    if (!t.counterHeld) return
    while (sampling) {
      if (await t.counterHeld()) held.yes++
      held.all++
      await sleep(LOCK_SAMPLE_MS)
    }
  })()
  let devices = 0
  let mix: Run
  let signIns: OpenLoop
  try {
    const closed = cannon(t.urls, LOAD_SECONDS, (url, i) => {
      const pick = picker(1000 + i)
      const r = rng(2000 + i)
      return {
        setupRequest: (req: autocannon.Request, context: object) => {
          const conn = context as Conn
          conn.device ??= `load-${i}-${devices++}`
          conn.kind = pick()
          conn.sentAt = performance.now()
          return { ...req, ...requestFor(conn.kind, t, url, r, conn) }
        },
        onResponse: (status: number, body: string, context: object) => {
          const conn = context as Conn
          if (!conn.kind) return
          const s = stats[conn.kind]
          s.ms.push(performance.now() - conn.sentAt!)
          s.status[status] = (s.status[status] ?? 0) + 1
          // The device keeps the cursor its pull answered, as the app does.
          if (conn.kind === 'sync pull' && status === 200) conn.cursor = (JSON.parse(body) as { cursor: string }).cursor
        },
      }
    })
    ;[mix, signIns] = await Promise.all([closed, signInArrivals(t.urls, SIGN_INS_PER_SECOND, LOAD_SECONDS, stats['sign-in'])])
  } finally {
    sampling = false
    await sampler
    await lockSampler
  }
  const liveAfter = await t.liveMemory()
  const after = samples.filter((s) => s.at >= WARMUP_SECONDS && s.mb.every(Number.isFinite))
  // Each process on its own (one growing while the other shrinks must not cancel out): the worst one.
  const perProc = t.pids.map((_, p) => {
    const mb = after.map((s) => s.mb[p]!)
    const first = median(mb.slice(0, ENDS))
    const last = median(mb.slice(-ENDS))
    return { first, last, peak: Math.max(...mb), growth: (last - first) / first }
  })
  const worst = perProc.reduce((a, b) => (b.growth > a.growth ? b : a))
  const kinds = (Object.entries(stats) as [Kind, KindStats][])
    .map(([k, s]) => {
      const ms = [...s.ms].sort((a, b) => a - b)
      const codes = Object.entries(s.status)
        .map(([code, n]) => `${code}×${n}`)
        .join(' ')
      return `${k} ${ms.length} (p99 ${Math.round(percentile(ms, 99))} ms; ${codes || 'no answer'})`
    })
    .join(', ')
  // Every answered request of both loops, timed the same way (from being sent to the whole answer).
  const all = Object.values(stats)
    .flatMap((s) => s.ms)
    .sort((a, b) => a - b)
  const p99 = percentile(all, 99)
  const procs = `${t.urls.length} process${t.urls.length > 1 ? 'es' : ''}`
  const lockShare = held.all
    ? `; the counter row was held by a push in ${Math.round((held.yes / held.all) * 100)} % of ${held.all} samples (${Math.round((held.yes / held.all) * 60)} s of every minute)`
    : ''
  c.add({
    name: `mixed load p99, ${CONNECTIONS} connections, ${LOAD_SECONDS} s`,
    value: p99,
    unit: 'ms',
    budget: atMost(200, 'ms'),
    comparison: `/api/health under the same ${CONNECTIONS} connections: p99 ${health.p99} ms, ${Math.round(health.rps)} req/s`,
    ratio: p99 / Math.max(1, health.p99),
    note: `${t.label}, ${procs}; ${Math.round(mix.rps)} req/s in the closed loop (its own p99 ${mix.p99} ms) and ${SIGN_INS_PER_SECOND} sign-ins a second arriving beside it, median ${Math.round(percentile(all, 50))} ms; answered, by kind: ${kinds}; map tables ready before the load in ${Math.round(primeMs)} ms${lockShare}`,
  })
  c.add({
    name: 'mixed load errors (failed + non-2xx)',
    value: mix.failed + mix.non2xx + signIns.failed + signIns.non2xx,
    unit: 'responses',
    budget: atMost(0, 'responses'),
    comparison: `of ${mix.requests + signIns.requests} requests`,
    note: `${mix.failed + signIns.failed} without an answer (${mix.timeouts + signIns.timeouts} of them timed out after 10 s), ${mix.non2xx + signIns.non2xx} answered outside 2xx; sign-ins ${signIns.requests}, of them ${signIns.failed} without an answer and ${signIns.non2xx} outside 2xx`,
  })
  const rss = perProc.map((p) => `${Math.round(p.first)} → ${Math.round(p.last)} MB (peak ${Math.round(p.peak)})`).join('; ')
  const live = liveBefore.map((b, p) => ({ before: b, after: liveAfter[p]!, growth: (liveAfter[p]!.heapUsed - b.heapUsed) / b.heapUsed }))
  const worstLive = live.reduce((a, b) => (b.growth > a.growth ? b : a))
  const each = live.map((l) => `${Math.round(l.before.heapUsed)} → ${Math.round(l.after.heapUsed)} MB`).join('; ')
  c.add({
    name: 'memory growth after warm-up',
    value: worstLive.growth * 100,
    unit: '%',
    budget: atMost(20, '%'),
    comparison: `live heap after a full collection, before → after the ${LOAD_SECONDS} s: ${each}; resident set at ${WARMUP_SECONDS} s → at the end: ${rss} (worst ${Math.round(worst.growth * 100)} %)`,
    note: `${t.pids.length > 1 ? 'each server process (the worse one counts)' : 'the server process'}: the V8 heap still in use right after a full garbage collection (bench/lib/gc-probe.cjs), once the map is built and 10 s of health checks have run, and again after the mix; the resident set, sampled every ${SAMPLE_MS / 1000} s (median of ${ENDS} samples at each end), stands beside it but decides nothing: under load the old space fills with garbage for tens of seconds before a full collection and V8 keeps the pages it grew, so the resident set at two moments says where each process was in that cycle`,
  })
  return c
}
