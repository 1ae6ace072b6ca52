// The coordinator's map on a phone (390 × 844) as server tiles: a pan asks for the tiles it newly
// shows, going back is answered by the browser's cache (revalidated: 304), a tap on a cluster zooms
// in, and a tap on a report opens it. At the closest zoom a tap on a dense cell's cluster lists its
// reports, and a tap on one of them opens it.
import { expect, test, type Page } from '@playwright/test'
import { pushOne, signIn } from './support/helpers.ts'
import { apiSignedInAs, signedInAs } from './support/sessions.ts'
import { CELL_BITS, GRID_BITS, MAX_ZOOM_CELL_POINTS, TILE_MAX_ZOOM, fromGrid, toGrid } from '../api/domain/patrol/map-tiles.ts'

type TileBody = { z: number; clusters: [number, number, number][]; points: [string, number, number, number, number][] }
const TILE_PATH = /^\/api\/patrol\/hotspots\/tiles\/(\d+)\/\d+\/\d+$/

function recordTiles(page: Page) {
  const seen: { path: string; z: number; status: number; body: Promise<TileBody | null>; wire: Promise<{ ifNoneMatch?: string; bodyBytes: number }> }[] = []
  page.on('response', (r) => {
    const url = new URL(r.url())
    const m = TILE_PATH.exec(url.pathname)
    if (!m) return
    // What went over the wire: the validator the browser sent, and the bytes of the body that came back.
    const wire = r
      .finished()
      .then(async () => ({ ifNoneMatch: (await r.request().allHeaders())['if-none-match'], bodyBytes: (await r.request().sizes()).responseBodySize }))
    // A tile still on its way when the test closes the page rejects; only a test that reads it cares.
    wire.catch(() => undefined)
    seen.push({
      path: url.pathname + url.search,
      z: Number(m[1]),
      status: r.status(),
      body: r.status() === 200 ? (r.json() as Promise<TileBody>).catch(() => null) : Promise.resolve(null),
      wire,
    })
  })
  return seen
}

/** Where a WGS-84 point is on the page, from the map box's centre and zoom (Web Mercator, 256 px tiles). */
async function pixelOf(page: Page, lat: number, lng: number) {
  const box = page.getByTestId('coordinator-map').locator('.cmap__map')
  const [center, zoom] = [await box.getAttribute('data-center'), Number(await box.getAttribute('data-zoom'))]
  const [clat, clng] = center!.split(',').map(Number) as [number, number]
  const world = (la: number, ln: number) => {
    const s = Math.sin((la * Math.PI) / 180)
    const scale = 256 * 2 ** zoom
    return [((ln + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale] as const
  }
  const [px, py] = world(lat, lng)
  const [cx, cy] = world(clat, clng)
  const b = (await box.locator('.leaflet-container').boundingBox())!
  return { x: b.x + b.width / 2 + (px - cx), y: b.y + b.height / 2 + (py - cy), box: b }
}

async function drag(page: Page, dx: number, dy: number) {
  const b = (await page.locator('.cmap__map .leaflet-container').boundingBox())!
  const [x, y] = [b.x + b.width / 2, b.y + b.height / 2]
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10)
  await page.mouse.up()
}

/**
 * The centre of a cluster's count that a tap can reach: inside the map, clear of its zoom buttons and
 * below the page's sticky header (the count is a label; the tap lands on the cluster's dot beneath it).
 */
async function reachableCluster(page: Page): Promise<{ x: number; y: number } | null> {
  const map = (await page.getByTestId('coordinator-map').locator('.leaflet-container').boundingBox())!
  const header = (await page.locator('.app-header').boundingBox())?.height ?? 0
  const viewport = page.viewportSize()!
  for (const b of await page.locator('.report-layer__count').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    const x = b.x + b.width / 2
    const y = b.y + b.height / 2
    if (x > map.x + 60 && x < map.x + map.width - 20 && y > Math.max(map.y + 60, header + 10) && y < Math.min(map.y + map.height, viewport.height) - 20)
      return { x, y }
  }
  return null
}

const zoomOf = async (page: Page) => Number(await page.locator('.cmap__map').getAttribute('data-zoom'))

test('coordinator map on a phone: tiles per view, a revisit from the cache, tap a cluster zooms, tap a report opens it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  // The form's sign-in, not a reused session: what this page loaded before (and so what the browser has
  // cached) is part of what the test counts.
  await signIn(page, 'coordinator')
  const tiles = recordTiles(page)
  await page.goto('/coordinator?debug=1')
  await expect(page.getByTestId('timing')).toContainText(/[1-9]\d* 个瓦片/)
  await expect(page.getByTestId('hotspot-list').locator('li').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  expect(tiles.length).toBeGreaterThan(0)
  expect(tiles.every((t) => t.status === 200 || t.status === 304)).toBe(true)

  // A pan asks for the tiles that come into view.
  const shown = new Set(tiles.map((t) => t.path))
  await drag(page, -300, 0)
  await expect.poll(() => tiles.filter((t) => !shown.has(t.path)).length).toBeGreaterThan(0)
  await page.waitForLoadState('networkidle')

  // Back where it was: the same tiles again, revalidated by ETag (304) or taken from the browser's cache.
  const mark = tiles.length
  await drag(page, 300, 0)
  await expect.poll(() => tiles.slice(mark).filter((t) => shown.has(t.path)).length).toBeGreaterThan(0)
  await page.waitForLoadState('networkidle')
  const revisits = tiles.slice(mark).filter((t) => shown.has(t.path))
  // The browser sent each tile's ETag back and got no body: a 304 (the page sees the cached 200).
  const wire = await Promise.all(revisits.map((t) => t.wire))
  expect(
    wire.every((w) => /^"[^"]+"$/.test(w.ifNoneMatch ?? '') && w.bodyBytes === 0),
    JSON.stringify(wire),
  ).toBe(true)

  // Zoom out until the reports gather into clusters; a tap on one zooms in.
  await page.getByTestId('coordinator-map').scrollIntoViewIfNeeded()
  let cluster = await reachableCluster(page)
  for (let i = 0; i < 4 && !cluster; i++) {
    await page.getByRole('button', { name: /zoom out|缩小/i }).click()
    await page.waitForLoadState('networkidle')
    cluster = await reachableCluster(page)
  }
  expect(cluster).not.toBeNull()
  const before = await zoomOf(page)
  await page.mouse.click(cluster!.x, cluster!.y)
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(before)
  await page.waitForLoadState('networkidle')

  // Further in, a tap on a report opens it.
  const card = page.getByTestId('report-card')
  for (let step = 0; step < 6 && !(await card.isVisible()); step++) {
    const z = await zoomOf(page)
    const bodies = (await Promise.all(tiles.filter((t) => t.z === Math.min(18, z)).map((t) => t.body))).filter((b): b is TileBody => b !== null)
    for (const p of bodies.flatMap((b) => b.points)) {
      const at = await pixelOf(page, p[1], p[2])
      if (at.x < at.box.x + 60 || at.x > at.box.x + at.box.width - 20 || at.y < at.box.y + 60 || at.y > at.box.y + at.box.height - 20) continue
      await page.mouse.click(at.x, at.y)
      if (await card.isVisible().catch(() => false)) break
      await page.waitForTimeout(300)
      if (await card.isVisible()) break
      // Not a lone dot here (merged into a cluster, or the tap zoomed): try the next report.
    }
    if (!(await card.isVisible())) {
      await page.getByRole('button', { name: /zoom in|放大/i }).click()
      await page.waitForLoadState('networkidle')
    }
  }
  await expect(card).toBeVisible()
  await expect(card).not.toBeEmpty()
  await page.screenshot({ path: test.info().outputPath('tiles-phone.png') })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: test.info().outputPath('tiles-desktop.png') })
  await page.getByTestId('report-card-close').click()
  await expect(card).toBeHidden()
})

/** Positions inside the zoom-18 cell holding `at`, rounded as a device sends them and checked to stay in it. */
function inCellOf(at: { lat: number; lng: number }, n: number) {
  const size = 2 ** (GRID_BITS - TILE_MAX_ZOOM - CELL_BITS)
  const g = toGrid(at.lat, at.lng)
  const [cx, cy] = [Math.floor(g[0] / size), Math.floor(g[1] / size)]
  const out: { lat: number; lng: number }[] = []
  for (let i = 0; out.length < n && i < 10 * n; i++) {
    const p = fromGrid((cx + 0.25 + 0.5 * ((i * 0.37) % 1)) * size, (cy + 0.25 + 0.5 * ((i * 0.61) % 1)) * size)
    const q = { lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 }
    const h = toGrid(q.lat, q.lng)
    if (Math.floor(h[0] / size) === cx && Math.floor(h[1] / size) === cy) out.push(q)
  }
  return out
}

test('coordinator map at the closest zoom: a tap on a dense cell lists its reports, a tap on one opens it', async ({ page, playwright, baseURL }) => {
  test.setTimeout(120_000)
  // More reports in one 15 m cell than the closest zoom shows one by one.
  const spot = { lat: 39.89352, lng: 116.47148 }
  const address = '测试路口东南角人行道'
  const api = await apiSignedInAs(playwright.request, baseURL!, 'inspector')
  const count = MAX_ZOOM_CELL_POINTS + 4
  for (const at of inCellOf(spot, count))
    await pushOne(api, baseURL!, 'e2e-cell-list', 'report', {
      position: { ...at, accuracy_m: 5, source: 'gps' },
      community_id: 'jiulongnan',
      address,
      kind: 'shared_bike',
      counts: { 'bike-a': 2 },
      blocked_share: 0.4,
      observed_at: new Date(Date.now() - 60_000).toISOString(),
    })

  await page.setViewportSize({ width: 390, height: 844 })
  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  await expect(page.getByTestId('hotspot-list').locator('li').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  await page.getByTestId('coordinator-map').scrollIntoViewIfNeeded()
  // Double-tap on the spot until the map is at tile zoom 18 (a tap on a cluster there zooms in too).
  for (let i = 0; i < 8 && (await zoomOf(page)) < TILE_MAX_ZOOM; i++) {
    const at = await pixelOf(page, spot.lat, spot.lng)
    const x = Math.min(Math.max(at.x, at.box.x + 70), at.box.x + at.box.width - 30)
    const y = Math.min(Math.max(at.y, at.box.y + 70), at.box.y + at.box.height - 30)
    await page.mouse.dblclick(x, y)
    await page.waitForTimeout(400)
    await page.waitForLoadState('networkidle')
  }
  expect(await zoomOf(page)).toBeGreaterThanOrEqual(TILE_MAX_ZOOM)

  // The cluster over the spot: a tap zooms in while neighbours are merged, then opens the cell's list.
  const list = page.getByTestId('cell-list')
  for (let i = 0; i < 3 && !(await list.isVisible()); i++) {
    const at = await pixelOf(page, spot.lat, spot.lng)
    await page.mouse.click(at.x, at.y)
    await page.waitForTimeout(500)
    await page.waitForLoadState('networkidle')
  }
  await expect(list).toBeVisible()
  const title = (await page.getByTestId('cell-list-title').textContent()) ?? ''
  expect(Number(/\d+/.exec(title)?.[0])).toBeGreaterThanOrEqual(count)
  const items = list.getByTestId('cell-report')
  await expect(items.first()).toContainText(address)
  expect(await items.count()).toBeGreaterThanOrEqual(count)
  await page.screenshot({ path: test.info().outputPath('cell-list-phone.png') })

  // A tap on a report opens it over the list; closing it comes back to the list.
  await items.first().click()
  const card = page.getByTestId('report-card')
  await expect(card).toContainText(address)
  await expect(list).toBeHidden()
  await page.getByTestId('report-card-close').click()
  await expect(list).toBeVisible()
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.waitForTimeout(300)
  await page.screenshot({ path: test.info().outputPath('cell-list-desktop.png') })
  await page.getByTestId('cell-list-close').click()
  await expect(list).toBeHidden()
})
