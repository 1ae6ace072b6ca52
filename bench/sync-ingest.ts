// Loopback sync ingest: how many report mutations per second one or more real API processes accept
// (budget: ≥ 500/s on 2 cores). Used for the figures in docs/deploy.md.
// `npx tsx bench/sync-ingest.ts --db sqlite|postgres [--processes 2] [--mutations 4000] [--batch 100] [--clients 4] [--spread 1] [--photos 1]`
// --photos 1: every report carries a 39 KB JPEG, uploaded before its batch is pushed the way the device
// does it (client/sync/media-batches.ts: up to 16 per POST /api/media/batch, 4 requests at a time).
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startApiProcess, type ApiProcess } from '../api/test-support/testing-server.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../api/test-support/test-database.ts'
import { login } from './lib/server.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import { benchJpeg, type BenchPhoto } from './lib/jpeg.ts'
import { inPool, MEDIA_UPLOAD_CONCURRENCY, planMediaBatches } from '../client/sync/media-batches.ts'

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    processes: { type: 'string', default: '1' },
    mutations: { type: 'string', default: '4000' },
    batch: { type: 'string', default: '100' },
    clients: { type: 'string', default: '4' },
    // 1: reports ~200 m apart (no two in one hotspot); 0: a dense cluster, as on one busy pavement.
    spread: { type: 'string', default: '0' },
    photos: { type: 'string', default: '0' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
})
const total = Math.min(50_000, Number(values.mutations))
const batch = Math.min(200, Number(values.batch))
const clients = Math.min(32, Number(values.clients))
const spread = values.spread === '1'
const withPhotos = values.photos === '1'
const nproc = values.db === 'sqlite' ? 1 : Math.min(8, Number(values.processes))

const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-'))
let pgDb: TestDatabase | undefined
const procs: ApiProcess[] = []
try {
  if (values.db === 'postgres') pgDb = await createPostgresTestDatabase(values.pg!)
  const url = pgDb?.url ?? join(dir, 'bench.db')
  for (let i = 0; i < nproc; i++) {
    // One bench user sends far more pushes than a person: lift the per-user/IP write throttle.
    const unthrottled = { WRITE_LIMIT_PER_USER: '1000000', WRITE_LIMIT_PER_IP: '1000000' }
    procs.push(startApiProcess(await freePort(), { DATABASE_URL: url, SEED_DEMO: '1', DATA_DIR: join(dir, `p${i}`), ...unthrottled }))
  }
  // Request logs stay on (LOG_LEVEL=info), as in production.
  await Promise.all(procs.map((p) => p.ready))
  const cookie = await login(procs[0]!.url, 'inspector')
  const photos: (BenchPhoto | undefined)[] = Array.from({ length: total }, (_, i) => (withPhotos ? benchJpeg(50_000 + i) : undefined))
  const mutation = (i: number): Mutation => ({
    id: uuidv7(),
    entity: 'report',
    entity_id: uuidv7(),
    op: 'put',
    base_version: null,
    data: {
      position: spread
        ? { lat: 39.85 + (i % 64) * 0.002, lng: 116.4 + Math.floor(i / 64) * 0.002, accuracy_m: 6, source: 'gps' }
        : { lat: 39.8986 + (i % 100) * 0.0001, lng: 116.4801 + Math.floor(i / 100) * 0.00001, accuracy_m: 6, source: 'gps' },
      community_id: 'jiulongnan',
      address: '外企大厦门前',
      kind: 'shared_bike',
      counts: { 'bike-a': 1 + (i % 30) },
      blocked_share: 0.5,
      clear_width_m: 1.2,
      photos: photos[i] ? [photos[i].hash] : [],
      note: '',
      observed_at: new Date(Date.now() - 120_000).toISOString(),
    },
    client_time: new Date().toISOString(),
  })
  const batches = Array.from({ length: Math.ceil(total / batch) }, (_, b) =>
    Array.from({ length: Math.min(batch, total - b * batch) }, (_, k) => mutation(b * batch + k)),
  )
  const batchPhotos = batches.map((_, b) => photos.slice(b * batch, b * batch + batch).filter((p): p is BenchPhoto => !!p))
  /** The device's upload step: PUT for a photo alone, else one multipart batch per group. */
  const upload = async (url: string, group: BenchPhoto[]) => {
    const init = { signal: AbortSignal.timeout(120_000), headers: { origin: url, cookie } }
    const res =
      group.length === 1
        ? await fetch(`${url}/api/media/${group[0]!.hash}`, {
            ...init,
            method: 'PUT',
            headers: { ...init.headers, 'content-type': 'image/jpeg' },
            body: group[0]!.bytes as Uint8Array<ArrayBuffer>,
          })
        : await fetch(`${url}/api/media/batch`, {
            ...init,
            method: 'POST',
            body: group.reduce(
              (form, p) => (form.append(p.hash, new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), p.hash), form),
              new FormData(),
            ),
          })
    if (!res.ok) throw new Error(`upload ${res.status}: ${await res.text()}`)
    await res.arrayBuffer()
  }
  let next = 0
  let applied = 0
  let retries = 0
  const latencies: number[] = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const p = procs[c % procs.length]!
      while (next < batches.length) {
        const b = next++
        const mutations = batches[b]!
        const t0 = performance.now()
        const groups = planMediaBatches(batchPhotos[b]!.map((photo) => ({ photo, size: photo.bytes.length })))
        await inPool(groups, MEDIA_UPLOAD_CONCURRENCY, (g) =>
          upload(
            p.url,
            g.map((x) => x.photo),
          ),
        )
        const send = () =>
          fetch(`${p.url}/api/sync/push`, {
            signal: AbortSignal.timeout(120_000),
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: p.url, cookie },
            body: JSON.stringify({ device_id: `bench-${c}`, mutations }),
          })
        // A keep-alive socket the server closed as it was reused resets; a device would resend the
        // same batch (idempotent), so the benchmark does too, once, and counts it.
        const res = await send().catch(async () => {
          retries++
          return send().catch((e: unknown) => {
            throw new Error(`push failed: ${String(e)}\n${p.stderr()}\n${JSON.stringify(p.logs.slice(-3))}`)
          })
        })
        if (!res.ok) throw new Error(`push ${res.status}: ${await res.text()}\n${JSON.stringify(p.logs.filter((l) => l.level === 'error').slice(-2))}`)
        const body = (await res.json()) as PushResponse
        applied += body.results.filter((r) => r.status === 'applied').length
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const secs = (performance.now() - started) / 1000
  latencies.sort((x, y) => x - y)
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0
  console.log(
    JSON.stringify({
      db: values.db,
      spread,
      photos: withPhotos,
      processes: nproc,
      clients,
      batch,
      mutations: total,
      applied,
      seconds: +secs.toFixed(2),
      per_second: Math.round(applied / secs),
      batch_p95_ms: Math.round(p95),
      retries,
    }),
  )
  if (applied !== total) process.exitCode = 1
} finally {
  await Promise.all(procs.map((p) => p.stop()))
  await pgDb?.drop()
  rmSync(dir, { recursive: true, force: true })
}
