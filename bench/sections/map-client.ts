// In Chromium, on the bench page: the app's supercluster worker (index build for 50 000 points, pan/zoom
// queries, first map render) beside Leaflet.markercluster on the same points; and one save's latency
// through the app's own Dexie write path with 1 000 changes pending, in an on-disk profile.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/browser.ts'
import { atMost, Collector } from '../lib/figures.ts'
import { spreadPoints } from '../lib/seed-db.ts'
import { summarize } from '../lib/stats.ts'
import type { BenchApi } from '../page/main.ts'
import type { MapPoint } from '#domain/patrol/workflow.ts'

const POINTS = 50_000
const PANS = 50
type W = Window & { lastmileBench: BenchApi }

async function open(browser: Browser, url: string, points: MapPoint[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(`${url}/index.html`)
  await page.waitForFunction(() => (window as unknown as W).lastmileBench?.ready === true)
  await page.evaluate((p) => (window as unknown as W).lastmileBench.setPoints(p), points)
  return page
}

function mapPoints(): MapPoint[] {
  return spreadPoints(POINTS, 4242).map((p, i) => [`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, p.lat, p.lng, i % 3, 0])
}

const PENDING = 1000
const SAVES = 500
const f1 = (n: number) => n.toFixed(1)
const f2 = (n: number) => n.toFixed(2)

export async function mapClientBench(browser: Browser, pageUrl: string): Promise<Collector> {
  const out = new Collector('map (Chromium)')
  const points = mapPoints()

  const mcPage = await open(browser, pageUrl, points)
  const mc = await mcPage.evaluate(() => {
    const b = (window as unknown as W).lastmileBench
    return b.markerClusterRender(b.points)
  })
  const mcPan = summarize(await mcPage.evaluate((n) => (window as unknown as W).lastmileBench.markerClusterPanZoom(n), PANS))
  await mcPage.close()

  const scPage = await open(browser, pageUrl, points)
  let sc
  try {
    sc = await scPage.evaluate(() => {
      const b = (window as unknown as W).lastmileBench
      return b.superclusterRender(b.points)
    })
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^.*Error: /s, '').split('\n')[0]!
    out.missing('supercluster index build, 50 000 points, in the worker', why, atMost(300, 'ms'), 'ms')
    out.missing('one pan/zoom query (median of 50)', why, atMost(16, 'ms'), 'ms')
    out.missing('first map render, 50 000 reports', why, undefined, 'ms')
    await scPage.close()
    return out
  }
  // The worker rebuilds its index on every filter change: two more builds show the usual (warm) figure.
  const rebuilds = [sc.buildMs]
  for (let i = 0; i < 2; i++) {
    rebuilds.push(
      await scPage.evaluate(() => {
        const b = (window as unknown as W).lastmileBench
        return b.superclusterReload(b.points)
      }),
    )
  }
  const build = summarize(rebuilds)
  const pan = await scPage.evaluate((n) => (window as unknown as W).lastmileBench.superclusterPanZoom(n), PANS)
  await scPage.close()
  const q = summarize(pan.queryMs)
  const qWorker = summarize(pan.workerQueryMs)
  const qTotal = summarize(pan.totalMs)
  out.add({
    name: 'supercluster index build, 50 000 points, in the worker',
    value: build.p50,
    unit: 'ms',
    budget: atMost(300, 'ms'),
    comparison: `Leaflet.markercluster clustering the same points ${Math.round(mc.buildMs)} ms (main thread)`,
    ratio: sc.buildMs / mc.buildMs,
    note: `client/map/cluster-client.ts load(): pack + transfer + build + reply, median of 3 builds in one worker, as on filter changes (first, cold: ${Math.round(sc.buildMs)} ms; inside the worker ${Math.round(sc.workerBuildMs)} ms); main thread stays free`,
  })
  out.add({
    name: 'one pan/zoom query (median of 50)',
    value: q.p50,
    unit: 'ms',
    budget: atMost(16, 'ms'),
    comparison: `Leaflet.markercluster pan/zoom to the same views: median ${f1(mcPan.p50)} ms, p95 ${f1(mcPan.p95)} ms (re-cluster + paint, main thread)`,
    ratio: q.p50 / mcPan.p50,
    note: `query() round trip page → worker → page, zoom 14–18 at random places; p95 ${f1(q.p95)} ms; inside the worker median ${f1(qWorker.p50)} / p95 ${f1(qWorker.p95)} ms; with canvas redraw and paint median ${f1(qTotal.p50)} / p95 ${f1(qTotal.p95)} ms`,
  })
  out.add({
    name: 'first map render, 50 000 reports',
    value: sc.renderMs,
    unit: 'ms',
    comparison: `Leaflet.markercluster ${Math.round(mc.renderMs)} ms, main thread blocked ${Math.round(mc.blockedMs)} ms at once`,
    ratio: sc.renderMs / mc.renderMs,
    note: `points in hand → index in the worker → clusters of a 1280×800 view at zoom 15 drawn on canvas (${sc.items} items) → painted; no tiles`,
  })
  return out
}

/** On-disk profile: IndexedDB in a real LevelDB directory with real flushes, as on a phone. */
export async function outboxClientBench(pageUrl: string): Promise<Collector> {
  const out = new Collector('device (Chromium)')
  const profile = mkdtempSync(join(tmpdir(), 'lastmile-outbox-profile-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  try {
    const page = await context.newPage()
    await page.goto(`${pageUrl}/index.html`)
    await page.waitForFunction(() => (window as unknown as W).lastmileBench?.ready === true)
    // Empty outbox first, then the same with 1 000 changes waiting: the save must not slow as the outbox grows.
    const empty = await page.evaluate((n) => (window as unknown as W).lastmileBench.outboxLatency(0, n), SAVES)
    const full = await page.evaluate(([pending, n]) => (window as unknown as W).lastmileBench.outboxLatency(pending, n), [PENDING, SAVES] as const)
    if (full.pendingBefore !== PENDING || full.pendingAfter !== PENDING + SAVES)
      throw new Error(`expected ${PENDING} → ${PENDING + SAVES} outbox rows, found ${full.pendingBefore} → ${full.pendingAfter}`)
    const save = summarize(full.saveMs)
    const put = summarize(full.putMs)
    const saveEmpty = summarize(empty.saveMs)
    const how = `${SAVES} saves, interleaved with as many bare puts, ${full.durability} durability, persistent on-disk profile`
    out.add({
      name: 'one save with 1 000 changes pending, p95',
      value: save.p95,
      unit: 'ms',
      budget: atMost(5, 'ms'),
      comparison: `bare Dexie put in its own transaction, p95 ${f2(put.p95)} ms`,
      ratio: save.p95 / put.p95,
      note: `client/db/sightings.ts saveSighting (report + outbox row, one transaction); median ${f2(save.p50)} ms; ${how}`,
    })
    out.add({
      name: 'one save ÷ bare Dexie put, p95',
      value: save.p95 / put.p95,
      unit: '×',
      budget: atMost(1.5, '×'),
      comparison: `save p95 ${f2(save.p95)} ms, bare put p95 ${f2(put.p95)} ms`,
      note: how,
    })
    out.add({
      name: 'one save median, 1 000 pending ÷ empty outbox',
      value: save.p50 / saveEmpty.p50,
      unit: '×',
      budget: atMost(1.5, '×'),
      comparison: `empty outbox median ${f2(saveEmpty.p50)} ms, 1 000 pending median ${f2(save.p50)} ms`,
      note: 'the same saves on an empty outbox and with 1 000 changes waiting, same profile, same run; medians, as the two runs follow each other rather than interleave',
    })
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  return out
}
