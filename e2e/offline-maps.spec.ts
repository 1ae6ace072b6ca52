// Offline map areas on the built app: an inspector saves the area of their communities from the
// local MBTiles with progress, sees it listed with its size, goes offline and the map still draws
// those tiles (from the saved-area cache, the service worker's ordinary tile cache emptied first);
// a cancelled download resumes with the missing tiles only; a map without tiles says so.
import { expect, test, type Page } from '@playwright/test'
import { signIn, waitForServiceWorker } from './support/helpers.ts'

/** Forgets the browser's HTTP cache, so an offline tile can only come from the service worker's caches. */
async function clearHttpCache(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.clearBrowserCache')
  await cdp.detach()
}

/** Tile images Leaflet shows that actually decoded (naturalWidth > 0). */
async function loadedTiles(page: Page): Promise<number> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')].filter((i) => i.complete && i.naturalWidth > 0).length)
}

test('save an area, go offline, its tiles still render', async ({ page, context }) => {
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  await page.goto('/maps/offline')
  await expect(page.getByRole('heading', { name: '离线地图' })).toBeVisible()
  await expect(page.getByText('我负责的社区（九龙南社区、九龙山社区）')).toBeVisible()

  await page.getByTestId('zoom-min').selectOption('14')
  await page.getByTestId('zoom-max').selectOption('16')
  const estimate = page.getByTestId('offline-estimate')
  await expect(estimate).toContainText(/约 \d+ 块瓦片，约 [\d.]+ (KB|MB)/)
  const planned = Number(/约 (\d+) 块/.exec((await estimate.textContent()) ?? '')![1])
  expect(planned).toBeGreaterThan(10)

  // Record every value the progress bar shows, however fast the local server is.
  await page.evaluate(() => {
    const seen: number[] = []
    ;(window as unknown as { progressSeen: number[] }).progressSeen = seen
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="offline-progress"] progress')
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value)
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  })
  await page.getByTestId('offline-download').click()
  const area = page.getByTestId('offline-area')
  await expect(area).toHaveCount(1)
  await expect(area).toContainText('已完成', { timeout: 30_000 })
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen)
  expect(seen.length).toBeGreaterThan(1)
  expect(seen.some((v) => v > 0 && v < planned)).toBe(true)

  // Listed with its tile count, size and date; the MBTiles does not cover the whole box, so some are absent.
  const facts = await area.getByTestId('offline-area-facts').textContent()
  const [, stored, total] = /(\d+) \/ (\d+) 块 · [\d.]+ (KB|MB) · 级别 14–16/.exec(facts ?? '') ?? []
  expect(Number(total)).toBe(planned)
  expect(Number(stored)).toBeGreaterThan(0)
  await expect(area).toContainText('保存于')
  await expect(page.getByTestId('offline-storage')).toContainText('本机存储：已用')

  const saved = await page.evaluate(async () => (await (await caches.open('map-areas')).keys()).length)
  expect(saved).toBe(Number(stored))

  // Only the saved area can answer now: the ordinary tile cache is emptied and the network is gone.
  await page.evaluate(() => caches.delete('map-tiles'))
  await clearHttpCache(page)
  await context.setOffline(true)
  const tileResponses: { status: number; fromSw: boolean }[] = []
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/tiles/')) tileResponses.push({ status: r.status(), fromSw: r.fromServiceWorker() })
  })
  await page.goto('/patrol')
  await page.getByRole('tab', { name: '地图' }).click()
  await expect.poll(() => loadedTiles(page), { timeout: 15_000 }).toBeGreaterThan(3)
  expect(tileResponses.filter((r) => r.status === 200 && r.fromSw).length).toBeGreaterThan(3)
  await expect(page.getByTestId('map-tile-notice')).toHaveCount(0)
  expect(await page.evaluate(() => caches.has('map-tiles').then(async (has) => (has ? (await (await caches.open('map-tiles')).keys()).length : 0)))).toBe(0)
  await context.setOffline(false)
})

test('a map whose tiles all fail says so and what still works', async ({ page, context }) => {
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  await page.evaluate(async () => {
    await caches.delete('map-tiles')
    await caches.delete('map-areas')
  })
  await clearHttpCache(page)
  await context.setOffline(true)
  await page.goto('/patrol')
  await page.getByRole('tab', { name: '地图' }).click()
  const notice = page.getByTestId('map-tile-notice')
  await expect(notice).toBeVisible({ timeout: 15_000 })
  await expect(notice).toContainText('底图无法加载')
  await expect(notice).toContainText('数据、定位、标记和绘制仍可正常使用')
  await expect(notice.getByRole('link', { name: /保存离线地图/ })).toBeVisible()
  await context.setOffline(false)
})

test('a download can be cancelled and resumed; the resume fetches only the missing tiles', async ({ page }) => {
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  // A slow tile server, so there is time to cancel.
  const fetched: string[] = []
  await page.route('**/tiles/**', async (route) => {
    if (route.request().resourceType() === 'fetch') {
      fetched.push(route.request().url())
      await new Promise((r) => setTimeout(r, 150))
    }
    await route.continue()
  })
  await page.goto('/maps/offline')
  await page.getByTestId('zoom-min').selectOption('13')
  await page.getByTestId('zoom-max').selectOption('17')
  await expect(page.getByTestId('offline-estimate')).toBeVisible()
  await page.getByTestId('offline-download').click()
  const progress = page.getByTestId('offline-progress')
  await expect(progress).toBeVisible()
  await expect.poll(() => fetched.length).toBeGreaterThan(10)
  await page.getByTestId('offline-cancel').click()
  const area = page.getByTestId('offline-area')
  await expect(area).toContainText('已暂停')
  const before = /(\d+) \/ (\d+) 块/.exec((await area.getByTestId('offline-area-facts').textContent()) ?? '')!
  const [stored, total] = [Number(before[1]), Number(before[2])]
  expect(stored).toBeGreaterThan(0)
  expect(stored).toBeLessThan(total)

  const savedAtCancel = new Set(await page.evaluate(async () => (await (await caches.open('map-areas')).keys()).map((r) => r.url)))
  expect(savedAtCancel.size).toBe(stored)
  fetched.length = 0
  await area.getByRole('button', { name: '继续下载' }).click()
  await expect(area).toContainText('已完成', { timeout: 60_000 })
  // The resume asked only for tiles the first run had not saved.
  expect(fetched.length).toBeGreaterThan(0)
  expect(fetched.length).toBeLessThanOrEqual(total - stored)
  expect(fetched.filter((u) => savedAtCancel.has(u))).toEqual([])
})
