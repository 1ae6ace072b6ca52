// The residents' map shows its first view's basemap tiles before Leaflet's code has run: plain images,
// the very tiles Leaflet then draws in the very places (on a phone and on a desktop, where the first view
// is a different zoom), downloaded once, and gone once Leaflet's own tiles are on screen.
import { expect, test, type Page } from '@playwright/test'

/** Each tile image under `selector`: its path and where it is on the page. */
function placed(page: Page, selector: string) {
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLImageElement>(sel)]
        .map((img) => {
          const r = img.getBoundingClientRect()
          return `${new URL(img.src).pathname} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`
        })
        .sort(),
    selector,
  )
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`${viewport.width}×${viewport.height}: the first tiles show before the map's code runs, where Leaflet puts them`, async ({ page }) => {
    await page.setViewportSize(viewport)
    const tileRequests: string[] = []
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname
      if (path.startsWith('/tiles/')) tileRequests.push(path)
    })
    // Leaflet's chunk is held back until the preview has been looked at.
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    await page.route(/\/assets\/MapView-[\w-]+\.js$/, async (route) => {
      await held
      await route.continue()
    })
    await page.goto('/public/zones')
    const preview = page.getByTestId('map-preview')
    await expect(preview.locator('img').first()).toBeVisible()
    await expect
      .poll(() => preview.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
      .toBe(true)
    await expect(page.locator('.leaflet-tile')).toHaveCount(0)
    const before = await placed(page, '[data-testid="map-preview"] img')
    expect(before.length).toBeGreaterThan(0)

    release()
    await expect(page.locator('.leaflet-tile-loaded').first()).toBeVisible()
    await expect(page.locator('.leaflet-tile-loaded')).toHaveCount(before.length)
    // Same tiles, same places: the handover shows nothing moving.
    expect(await placed(page, '.leaflet-tile')).toEqual(before)
    await expect(preview).toHaveCount(0)
    // Each tile was downloaded once (the map took the preview's downloads).
    expect(tileRequests.sort()).toEqual([...new Set(tileRequests)].sort())
    expect(tileRequests).toHaveLength(before.length)
  })
}
