// The coordinator's review on a desktop: filter the map, open the top hotspot, move it to negotiating,
// assign a re-check; then the inspector, on a phone, sees the re-check offline and answers it.
import { expect, test, type Page } from '@playwright/test'
import { signIn, waitForServiceWorker } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

test.describe.configure({ mode: 'serial' })

let reportId = ''
let reportPosition = { latitude: 0, longitude: 0 }

type TileBody = { clusters: [number, number, number][]; points: [string, number, number, number, number][] }
const TILE_PATH = /^\/api\/patrol\/hotspots\/tiles\/\d+\/\d+\/\d+$/

/** Every map tile answer the page gets, with its URL and status. */
function recordTiles(page: Page) {
  const seen: { url: URL; status: number; body: Promise<TileBody | null> }[] = []
  page.on('response', (r) => {
    const url = new URL(r.url())
    if (!TILE_PATH.test(url.pathname)) return
    seen.push({ url, status: r.status(), body: r.status() === 200 ? (r.json() as Promise<TileBody>).catch(() => null) : Promise.resolve(null) })
  })
  return seen
}

test('coordinator filters the map, opens a hotspot, moves it to negotiating and assigns a re-check', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signedInAs(page, 'coordinator')
  const tiles = recordTiles(page)
  // Timings are a developer's: behind the debug switch.
  await page.goto('/coordinator?debug=1')
  const list = page.getByTestId('hotspot-list')
  await expect(list.locator('li').first()).toBeVisible()
  await expect(page.getByTestId('timing')).toContainText(/[1-9]\d* 个瓦片/)
  const totalBefore = await page.getByTestId('report-total').textContent()

  // One filter drives the map tiles, the list and the charts.
  const listed = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/patrol/hotspots' && new URL(r.url()).searchParams.get('kind') === 'delivery_ebike',
  )
  await page.getByTestId('filter-kind-delivery_ebike').click()
  await listed
  const filtered = async () => {
    const bodies = await Promise.all(tiles.filter((t) => t.url.searchParams.get('kind') === 'delivery_ebike').map((t) => t.body))
    return bodies.filter((b): b is TileBody => b !== null)
  }
  await expect.poll(async () => (await filtered()).reduce((n, b) => n + b.points.length + b.clusters.length, 0)).toBeGreaterThan(0)
  const points = (await filtered()).flatMap((b) => b.points)
  expect(points.every((p) => p[3] === 1)).toBe(true) // REPORT_KINDS[1] = delivery_ebike
  await expect(page.getByTestId('report-total')).not.toHaveText(totalBefore ?? '')
  await expect(page.getByTestId('chart-kind')).toContainText('外卖电动车')
  await expect(page.getByTestId('chart-kind')).not.toContainText('共享单车')
  await expect(page.getByTestId('export-csv')).toHaveAttribute('href', /kind=delivery_ebike/)
  // The heat layer replaces the clusters and back.
  await page.getByTestId('heat-toggle').check()
  await expect(page.locator('canvas.heat-layer')).toBeAttached()
  await page.getByTestId('heat-toggle').uncheck()

  // Back to everything; open the top-ranked hotspot.
  await page.getByTestId('filter-kind-delivery_ebike').click()
  await page.getByTestId('hotspot-0').click()
  await expect(page).toHaveURL(/\/coordinator\/hotspots\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('hotspot-landmark')).not.toBeEmpty()
  await expect(page.getByTestId('hour-chart')).toBeVisible()
  await expect(page.getByTestId('operator-chart')).toBeVisible()

  // Move it to negotiating, with a note, and see it in the history.
  if ((await page.getByTestId('hotspot-status').textContent()) === '协商中') {
    await page.getByTestId('hotspot-status-watching').check()
    await page.getByTestId('hotspot-status-save').click()
    await expect(page.getByTestId('hotspot-status')).toHaveText('观察中')
  }
  await page.getByTestId('hotspot-status-negotiating').check()
  await page.getByTestId('hotspot-note').fill('约谈外企大厦物业和单车运营方')
  await page.getByTestId('hotspot-status-save').click()
  await expect(page.getByTestId('hotspot-status')).toHaveText('协商中')
  await expect(page.getByTestId('status-history').locator('li').first()).toContainText('协商中')
  await expect(page.getByTestId('status-history').locator('li').first()).toContainText('约谈外企大厦物业和单车运营方')

  // Assign a re-check of one of its reports to the inspector of that community.
  const form = page.getByTestId('recheck-form')
  reportId = await form.getByTestId('recheck-report').inputValue()
  await form.getByTestId('recheck-assignee').selectOption({ label: '王巡查' })
  const made = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/patrol/review/rechecks')
  await form.getByTestId('recheck-submit').click()
  expect((await made).status()).toBe(201)
  await expect(page.getByTestId('recheck-done')).toBeVisible()
  const report = (await (await page.request.get(`/api/patrol/reports/${reportId}`)).json()) as { report: { position: { lat: number; lng: number } } }
  reportPosition = { latitude: report.report.position.lat, longitude: report.report.position.lng }
})

test('the inspector sees the re-check offline and answers it with a sighting', async ({ page, context }) => {
  expect(reportId).not.toBe('')
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ ...reportPosition, accuracy: 6 })
  await signIn(page, 'inspector')
  await expect(page).toHaveURL(/\/patrol$/)
  await waitForServiceWorker(page)
  const inbox = page.getByTestId('recheck-inbox')
  const item = inbox.locator(`[data-report="${reportId}"]`)
  await expect(item).toBeVisible({ timeout: 30_000 })
  // Visit the capture route once online so its lazy chunks are cached.
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('accuracy')).toContainText('±6')
  await page.goto('/patrol')

  // Offline, after a reload: the re-check is still there, read from the device.
  await context.setOffline(true)
  await page.reload()
  // Offline, the list comes from IndexedDB behind the service worker's cached shell.
  await expect(item).toBeVisible({ timeout: 20_000 })
  await item.getByTestId('recheck-go').click()
  await expect(page).toHaveURL(/\/patrol\/new$/)
  await expect(page.getByTestId('accuracy')).toContainText('±6', { timeout: 20_000 })
  await page.getByTestId('save').click()
  await expect(page).toHaveURL(/\/patrol$/)
  await expect(item.getByTestId('recheck-answered')).toBeVisible({ timeout: 20_000 })

  // Back online: the sighting syncs and the server closes the re-check.
  await context.setOffline(false)
  await expect(inbox.locator(`[data-testid^="recheck-done-"]`).first()).toBeVisible({ timeout: 30_000 })
  await expect(item).toHaveCount(0)
})
