// Sync ingest over loopback: report mutations/s through the real POST /api/sync/push in batches of 100
// (the device's batch size) beside the physical limit of the same database in the same run (a raw
// multi-row INSERT of the same report rows through the driver, one transaction per batch) and beside
// one request per record, without and with a photo per report (uploaded first, grouped and sent as the
// device's client/sync/upload-media.ts does: the same planMediaBatches and MEDIA_UPLOAD_CONCURRENCY,
// POST /api/media/batch, or PUT for a photo alone). SQLite and PostgreSQL each have their own server.
import { atLeast, Collector } from '../lib/figures.ts'
import { openDatabase } from '../../api/db/database.ts'
import { reportColumns } from '../../api/modules/patrol/reports/rows.ts'
import type { ReportInput } from '#domain/patrol/report.ts'
import { SD } from '../lib/seed-db.ts'
import { CompiledQuery, sql } from 'kysely'
import { newReportRow, reportInsert } from '../../api/modules/patrol/reports/service.ts'
import { existingReports } from '../../api/modules/patrol/reports/entity.ts'
import { mergeWrites, siteUpsert, sitesNearAll } from '../../api/modules/patrol/hotspots/service.ts'
import { taskInsert, taskRow } from '../../api/modules/patrol/operator-tasks/service.ts'
import { appliedQuery, changeLogInsert, resultsInsert } from '../../api/sync/apply-mutation.ts'
import { changeRow, counterLock, counterWrite } from '../../api/sync/change-log.ts'
import { together } from '../../api/sync/write-together.ts'
import { boundingBox } from '#domain/geo.ts'
import { HOTSPOT_RADIUS_M } from '#domain/patrol/hotspots.ts'
import { benchJpeg, type BenchPhoto } from '../lib/jpeg.ts'
import { EXTENT, placeName, rng } from '../lib/seed-db.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import type { BenchServer } from '../lib/server.ts'
import { inPool, MEDIA_UPLOAD_CONCURRENCY, planMediaBatches } from '../../client/sync/media-batches.ts'
import { MEDIA_BATCH_MAX_FILES } from '#domain/media.ts'
import { tileOf, toGrid } from '#domain/patrol/map-tiles.ts'

const DEVICES = 2
const BATCH = 100
let seq = 0

/** One report as a device pushes it: two clusters, sightings spread over the last 7 days. */
export function reportMutation(i: number, photo?: BenchPhoto): Mutation {
  const r = rng(1000 + i)
  const inNorth = i % 2 === 0
  // A device's backlog: sightings from the last 7 days, synced now.
  const observed = new Date(Date.now() - 120_000 - Math.floor(r() * 7 * 86_400_000)).toISOString()
  const position = { lat: (inNorth ? 39.8935 : 39.8902) + (r() - 0.5) * 0.004, lng: (inNorth ? 116.4738 : 116.4722) + (r() - 0.5) * 0.005 }
  return {
    id: uuidv7(),
    entity: 'report',
    entity_id: uuidv7(),
    op: 'put',
    base_version: null,
    data: {
      position: { ...position, accuracy_m: 6, source: 'gps' },
      community_id: inNorth ? 'jiulongshan' : 'jiulongnan',
      address: placeName(position),
      kind: 'shared_bike',
      counts: { 'bike-a': 1 + (i % 30) },
      blocked_share: 0.5,
      clear_width_m: 1.2,
      photos: photo ? [photo.hash] : [],
      note: '',
      observed_at: observed,
    },
    client_time: new Date().toISOString(),
  }
}

/** One upload request as the device sends it: PUT for a photo alone, else one multipart batch. */
async function upload(server: BenchServer, cookie: string, photos: BenchPhoto[]): Promise<void> {
  if (photos.length === 1) {
    const up = await fetch(`${server.url}/api/media/${photos[0]!.hash}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', origin: server.url, cookie },
      body: photos[0]!.bytes as Uint8Array<ArrayBuffer>,
    })
    if (!up.ok) throw new Error(`upload ${up.status}: ${await up.text()}`)
    return
  }
  const form = new FormData()
  for (const p of photos) form.append(p.hash, new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), p.hash)
  const up = await fetch(`${server.url}/api/media/batch`, { method: 'POST', headers: { origin: server.url, cookie }, body: form })
  if (!up.ok) throw new Error(`upload batch ${up.status}: ${await up.text()}`)
  const { results } = (await up.json()) as { results: { sha256: string; status: number; detail?: string }[] }
  const bad = results.find((r) => r.status !== 201 && r.status !== 200)
  if (bad || results.length !== photos.length)
    throw new Error(`upload batch: ${bad ? `${bad.status} ${bad.detail ?? ''}` : `${results.length} results for ${photos.length} photos`}`)
}

interface Run {
  perSecond: number
  applied: number
  total: number
  seconds: number
  /** Pushes resent once after a reset connection. */
  retries: number
}

/** `total` reports from DEVICES devices in parallel, each sending `batch` per push (photos uploaded first). */
async function ingest(server: BenchServer, cookie: string, total: number, batch: number, withPhotos: boolean): Promise<Run> {
  const base = seq
  seq += total
  const items = Array.from({ length: total }, (_, k) => {
    const photo = withPhotos ? benchJpeg(base + k) : undefined
    return { photo, mutation: reportMutation(base + k, photo) }
  })
  const headers = { 'content-type': 'application/json', origin: server.url, cookie }
  let next = 0
  let applied = 0
  let retries = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, d) => {
      while (next < items.length) {
        const chunk = items.slice(next, next + batch)
        next += batch
        const photos = chunk.flatMap(({ photo }) => (photo ? [{ photo, size: photo.bytes.length }] : []))
        await inPool(planMediaBatches(photos), MEDIA_UPLOAD_CONCURRENCY, (group) =>
          upload(
            server,
            cookie,
            group.map((g) => g.photo),
          ),
        )
        const send = () =>
          fetch(`${server.url}/api/sync/push`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ device_id: `bench-${d}`, mutations: chunk.map((c) => c.mutation) }),
          })
        // A keep-alive socket the server closed as it was reused resets; a device resends the same
        // batch (idempotent), so the bench does too, once, and counts it.
        const res = await send().catch(() => {
          retries++
          return send()
        })
        if (!res.ok) throw new Error(`push ${res.status}: ${await res.text()}`)
        const body = (await res.json()) as PushResponse
        applied += body.results.filter((x) => x.status === 'applied').length
        const bad = body.results.find((x) => x.status !== 'applied')
        if (bad) throw new Error(`push: mutation ${bad.status}: ${bad.reason ?? ''} ${JSON.stringify(bad.errors ?? [])}`)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  return { perSecond: applied / seconds, applied, total, seconds, retries }
}

/**
 * The physical limit beside the push: the same report rows (as createReport writes them) inserted
 * straight through the database driver, one multi-row INSERT and one transaction per batch of `batch`.
 */
export async function rawInsert(databaseUrl: string, total: number, batch: number): Promise<Run> {
  const base = seq
  seq += total
  const { db, close } = openDatabase(databaseUrl, { poolMax: 1 })
  try {
    const reporter = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'inspector').executeTakeFirstOrThrow()
    const rows = Array.from({ length: total }, (_, k) => {
      const m = reportMutation(base + k)
      const at = new Date().toISOString()
      const columns = reportColumns(m.data as ReportInput)
      return { subdistrict_id: SD, id: m.entity_id, ...columns, reporter_id: reporter.id, received_at: at, updated_at: at, status: 'open', version: 1 }
    })
    const t0 = performance.now()
    for (let i = 0; i < rows.length; i += batch) {
      await db.transaction().execute((tx) =>
        tx
          .insertInto('patrol_reports')
          .values(rows.slice(i, i + batch))
          .execute(),
      )
    }
    const seconds = (performance.now() - t0) / 1000
    return { perSecond: total / seconds, applied: total, total, seconds, retries: 0 }
  } finally {
    await close()
  }
}

/**
 * Waits until the server's background build of the coordinator map's tables has finished (a tile answers
 * 200, not 503 "being prepared"), so the pushes are measured at steady state and not beside the build's
 * steps on the same connection (the tiles section measures pushes during a build). Answers the seconds waited.
 */
async function mapBuilt(server: BenchServer, coordinator: string): Promise<number> {
  const probe = `/api/patrol/hotspots/tiles/13/${tileOf(toGrid((EXTENT.minLat + EXTENT.maxLat) / 2, (EXTENT.minLng + EXTENT.maxLng) / 2), 13).join('/')}`
  const t0 = performance.now()
  for (;;) {
    const res = await fetch(`${server.url}${probe}`, { headers: { cookie: coordinator } })
    await res.arrayBuffer()
    if (res.status === 200) return (performance.now() - t0) / 1000
    if (res.status !== 503) throw new Error(`map tile while waiting for the map build: ${res.status}`)
    if (performance.now() - t0 > 600_000) throw new Error('the map build did not finish within 10 minutes')
    await new Promise((r) => setTimeout(r, 250))
  }
}

export async function ingestBench(server: BenchServer, cookie: string, databaseUrl: string, coordinator: string): Promise<Collector> {
  const out = new Collector('sync ingest')
  const waited = await mapBuilt(server, coordinator)
  await ingest(server, cookie, 200, BATCH, false) // warm-up: JIT, statement cache
  const batched = await ingest(server, cookie, 3000, BATCH, false)
  const raw = await rawInsert(databaseUrl, 3000, BATCH)
  const single = await ingest(server, cookie, 600, 1, false)
  const how = (r: Run, per: number) =>
    `${r.applied}/${r.total} applied in ${r.seconds.toFixed(1)} s; ${DEVICES} devices in parallel, ${per} per request${r.retries ? `; ${r.retries} resent after a reset connection` : ''}`
  out.add({
    name: 'report mutations/s, batched push, no photos',
    value: batched.perSecond,
    unit: '/s',
    budget: atLeast(3000, '/s'),
    comparison: `raw batched insert of the same rows ${Math.round(raw.perSecond)}/s`,
    ratio: batched.perSecond / raw.perSecond,
    note: `${how(batched, BATCH)}; the real push path (entity handlers, the hotspot hook, operator tasks, change log) into the 100 000 reports and their hotspots; sightings spread over the last 7 days; raw: ${raw.total} rows by multi-row INSERT, ${BATCH} per transaction, one connection, right after; one request per record ${Math.round(single.perSecond)}/s; after the server's map build (${waited.toFixed(1)} s waited), its 5-second fold of the change log running meanwhile`,
  })
  out.add({
    name: 'report mutations/s, one request per record, no photos',
    value: single.perSecond,
    unit: '/s',
    comparison: `batched push ${Math.round(batched.perSecond)}/s`,
    ratio: single.perSecond / batched.perSecond,
    note: how(single, 1),
  })
  await ingest(server, cookie, 200, BATCH, true) // warm-up of the upload path, like the push path's above
  const batchedP = await ingest(server, cookie, 600, BATCH, true)
  const singleP = await ingest(server, cookie, 200, 1, true)
  const size = Math.round(benchJpeg(0).bytes.length / 1024)
  out.add({
    name: 'report mutations/s, batched push, one photo each',
    value: batchedP.perSecond,
    unit: '/s',
    budget: atLeast(500, '/s'),
    comparison: `one request per record ${Math.round(singleP.perSecond)}/s`,
    ratio: batchedP.perSecond / singleP.perSecond,
    note: `${how(batchedP, BATCH)}, after a 200-report warm-up of the upload path; each report's ${size} KB JPEG (with EXIF) uploaded first as the device sends them (up to ${MEDIA_BATCH_MAX_FILES} per POST /api/media/batch, ${MEDIA_UPLOAD_CONCURRENCY} requests at a time per device), checked, stripped and stored one by one by the server`,
  })
  out.add({
    name: 'report mutations/s, one request per record, one photo each',
    value: singleP.perSecond,
    unit: '/s',
    note: `${how(singleP, 1)}; its photo by PUT /api/media/:sha256 first`,
  })
  return out
}

/** PostgreSQL: the batched push through its own server on a database seeded like the SQLite one, beside a raw batched insert there. */
export async function ingestBenchPg(server: BenchServer, cookie: string, databaseUrl: string, coordinator: string): Promise<Collector> {
  const out = new Collector('sync ingest')
  const waited = await mapBuilt(server, coordinator)
  await ingest(server, cookie, 200, BATCH, false) // warm-up: JIT, the plans of the hot statements
  const batched = await ingest(server, cookie, 3000, BATCH, false)
  const raw = await rawInsert(databaseUrl, 3000, BATCH)
  out.add({
    name: 'report mutations/s, batched push, no photos, PostgreSQL',
    value: batched.perSecond,
    unit: '/s',
    budget: atLeast(1000, '/s'),
    comparison: `raw batched insert of the same rows ${Math.round(raw.perSecond)}/s`,
    ratio: batched.perSecond / raw.perSecond,
    note: `${batched.applied}/${batched.total} applied in ${batched.seconds.toFixed(1)} s${batched.retries ? ` (${batched.retries} resent after a reset connection)` : ''}; ${DEVICES} devices in parallel, ${BATCH} per request, one API process (DB_POOL_MAX default); the same 100 000 reports and hotspots as the SQLite run; raw: ${raw.total} rows by multi-row INSERT, ${BATCH} per transaction, one connection, right after; after the server's map build (${waited.toFixed(1)} s waited)`,
  })
  return out
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the push path's hot statements on PostgreSQL, compiled by Kysely
 * exactly as the code sends them, on the bench database after the pushes (each write rolled back).
 * For docs/deploy.md; written to bench/ingest-plans.txt.
 */
export async function hotStatementPlans(databaseUrl: string): Promise<string> {
  const { db, close } = openDatabase(databaseUrl, { poolMax: 1 })
  try {
    const m = reportMutation(999_999)
    const data = m.data as ReportInput
    const hotspot = await sitesNearAll(db, SD, [boundingBox(data.position, 2 * HOTSPOT_RADIUS_M)])[0]!.executeTakeFirstOrThrow()
    const reporter = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('subdistrict_id', '=', SD)
      .where('username', '=', 'inspector')
      .executeTakeFirstOrThrow()
    const party = await db
      .selectFrom('patrol_parties')
      .select(['id', 'operator_id'])
      .where('subdistrict_id', '=', SD)
      .where('operator_id', '=', 'bike-a')
      .executeTakeFirstOrThrow()
    const recent = await db
      .selectFrom('applied_mutations')
      .select('mutation_id')
      .where('subdistrict_id', '=', SD)
      .orderBy('applied_at', 'desc')
      .limit(BATCH)
      .execute()
    // A batch of new reports as the push's batch path writes it (api/sync/create-batch.ts, planReports),
    // every statement built by the code that sends it: the checks before the counter lock, then the
    // hotspot read and the one combined write under it.
    const at = new Date()
    const sightings = Array.from({ length: BATCH }, (_, k) => {
      const b = reportMutation(1_000_000 + k)
      return { subdistrictId: SD, id: b.entity_id, data: b.data as ReportInput, reporter, at }
    })
    const reports = sightings.map((s) => newReportRow(s, reportColumns(s.data), hotspot.id))
    const tasks = sightings.map((s) =>
      taskRow(
        {
          subdistrictId: SD,
          report: { id: s.id, community_id: s.data.community_id, hotspot_id: hotspot.id },
          sighting_id: s.id,
          counts: s.data.counts,
          repeat: false,
          at,
        },
        party,
        3,
        null,
      ),
    )
    const changes = sightings.map((s, k) =>
      changeRow(SD, 1_000_000_000 + k, { entity: 'report', entity_id: s.id, community_id: s.data.community_id, op: 'put', version: 1, record: s.data }, at),
    )
    const results = sightings.map((s, k) => ({
      subdistrict_id: SD,
      mutation_id: `${m.id}-${k}`,
      user_id: reporter.id,
      device_id: 'bench',
      entity: 'report',
      entity_id: s.id,
      status: 'applied',
      result: '{}',
      applied_at: at.toISOString(),
    }))
    const near = sitesNearAll(
      db,
      SD,
      reports.map((r) => boundingBox(r, 2 * HOTSPOT_RADIUS_M)),
    )
    const site = { ...hotspot, status: 'new', version: Number(hotspot.version) + 1 }
    const statements: [string, { sql: string; parameters: readonly unknown[] }][] = [
      [
        'replay check of a batch (100 mutation ids; before the transaction, and on SQLite again after the lock)',
        appliedQuery(
          db,
          SD,
          (recent.length ? recent : results).map((r) => r.mutation_id),
        ).compile(),
      ],
      [
        'which reports of the batch exist already (100 ids, before the lock)',
        existingReports(
          db,
          SD,
          reports.map((r) => r.id),
        ).compile(),
      ],
      ['counter lock (after the checks)', counterLock(db, SD).compile()],
      [`hotspots near the batch's reports (one range per group of overlapping neighbourhoods: ${near.length} here)`, near[0]!.compile()],
      [
        "the batch's writes in one statement under the lock: changed sites, 100 reports, their operator tasks, 100 change-log rows, 100 results, the counter's seq",
        together([
          siteUpsert(db, [site]),
          reportInsert(db, reports),
          taskInsert(db, tasks),
          changeLogInsert(db, changes),
          resultsInsert(db, results),
          counterWrite(db, SD, 1_000_000_100),
        ]).compile(db),
      ],
      [
        'a stored site merged into another (part of that statement when a report joins two sites)',
        together(mergeWrites(db, SD, hotspot.id, hotspot.id)).compile(db),
      ],
    ]
    const out: string[] = []
    await db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn)
      try {
        for (const [name, q] of statements) {
          const plan = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]))
          out.push(`-- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`)
        }
      } finally {
        await sql`rollback`.execute(conn)
      }
    })
    return out.join('\n')
  } finally {
    await close()
  }
}
