// The coordinator's map on a phone (390 × 844) as server tiles: a pan asks for the tiles it newly
// shows, going back is answered by the browser's cache (revalidated: 304), a tap on a cluster zooms
// in, and a tap on a report opens it.
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './support/helpers.ts'

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
