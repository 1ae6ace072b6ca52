// How the residents' map loads on a phone: the zones are asked for before the map's code, the list is on
// screen before the map is built, the map's first view is the one it keeps (every basemap tile it asks
// for is used, one zoom level), and the reference layers' names are placed without a tooltip each.
import { expect, test } from '@playwright/test'

test('the residents’ map: list first, one view of tiles, names placed without tooltips', async ({ page }) => {
  const requests: string[] = []
  const tiles: { url: string; failed: boolean }[] = []
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    requests.push(path)
    if (path.startsWith('/tiles/')) tiles.push({ url: path, failed: false })
  })
  page.on('requestfailed', (r) => {
    const path = new URL(r.url()).pathname
    for (const t of tiles) if (t.url === path) t.failed = true
  })
  // Where the list stood when the map's container appeared.
  await page.addInitScript(() => {
    new MutationObserver((_m, obs) => {
      if (!document.querySelector('[data-testid="map"]')) return
      ;(window as unknown as { zonesListed: number }).zonesListed = document.querySelectorAll('[data-testid="public-zone"]').length
      obs.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })
  await page.goto('/public/zones')
  await expect(page.getByTestId('public-zone').first()).toBeVisible()
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeVisible()
  await expect(page.locator('.leaflet-referenceLabels-pane .ref-label').first()).toBeAttached()
  await page.waitForLoadState('networkidle')

  const zones = requests.indexOf('/api/patrol/zones/public')
  const mapCode = requests.findIndex((p) => /\/assets\/MapView-[\w-]+\.js$/.test(p))
  expect(zones).toBeGreaterThanOrEqual(0)
  expect(mapCode).toBeGreaterThan(zones)
  expect(await page.evaluate(() => (window as unknown as { zonesListed?: number }).zonesListed)).toBeGreaterThan(0)

  expect(tiles.length).toBeGreaterThan(0)
  expect(tiles.filter((t) => t.failed)).toEqual([])
  expect(new Set(tiles.map((t) => t.url.split('/')[2])).size).toBe(1)

  // Names are text in their own pane, placed by CSS: no tooltip (which measures itself on every add and move).
  await expect(page.locator('.leaflet-referenceLabels-pane .leaflet-tooltip')).toHaveCount(0)
  await expect(page.locator('.leaflet-referenceLabels-pane .ref-label b')).toHaveCount(0)
})

test('the residents’ map on a desktop: every name shown is inside the map and clear of the zoom buttons', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto('/public/zones')
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeVisible()
  await expect(page.locator('.leaflet-referenceLabels-pane .ref-label').first()).toBeAttached()
  await page.waitForLoadState('networkidle')
  const misplaced = await page.evaluate(() => {
    const map = document.querySelector('.leaflet-container')!.getBoundingClientRect()
    const zoom = document.querySelector('.leaflet-control-zoom')!.getBoundingClientRect()
    return [...document.querySelectorAll<HTMLElement>('.leaflet-referenceLabels-pane .ref-label')]
      .filter((e) => getComputedStyle(e).visibility !== 'hidden')
      .map((e) => ({ name: e.textContent, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.bottom > map.top && r.top < map.bottom)
      .filter(({ r }) => r.left < map.left || r.right > map.right || (r.left < zoom.right && r.right > zoom.left && r.top < zoom.bottom && r.bottom > zoom.top))
      .map(({ name }) => name)
  })
  expect(misplaced).toEqual([])
})
