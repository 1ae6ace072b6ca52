// What a person reads is Beijing time whatever the device's zone, money is CNY, and the audit log is in
// words; the 天地图-style label layer draws over the base tiles. The device here is set to New York.
import { expect, test, type Page } from '@playwright/test'
import { signedInAs } from './support/sessions.ts'

/** An instant as the page's zh-CN date and time, on the wall clock of a zone. */
const wallTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
const beijing = (iso: string) => wallTime(iso, 'Asia/Shanghai')

test.describe('on a device in New York', () => {
  test.use({ timezoneId: 'America/New_York' })

  test('the audit log and the map layers show Beijing times; the log shows labels, yuan and names', async ({ page }) => {
    await signedInAs(page, 'admin')
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York')

    // A price change by the admin: the audit page shows it with labels and money, not set_fen and fen.
    const week = '2030-W10'
    const prices = { set_fen: 4100, box_fen: 3600, rice_fen: 200, bun_pair_fen: 200, soup_fen: 300 }
    expect((await page.request.put(`/api/meals/prices/${week}`, { data: prices })).status()).toBe(200)
    const log = (await (await page.request.get('/api/admin/audit?limit=1')).json()) as { items: { at: string; entity: string }[] }
    const entry = log.items[0]!
    expect(entry.entity).toBe('meal_prices')

    await page.goto('/admin/audit')
    const row = page.getByTestId('audit-row').first()
    await expect(row.locator('.audit__at')).toHaveText(beijing(entry.at))
    expect(beijing(entry.at)).not.toBe(wallTime(entry.at, 'America/New_York'))
    await expect(row.locator('.audit__snapshot').last()).toContainText('套餐价')
    await expect(row.locator('.audit__snapshot').last()).toContainText('¥41.00')
    await expect(row).not.toContainText('set_fen')

    const { layers } = (await (await page.request.get('/api/map-layers')).json()) as { layers: { id: string; updated_at: string }[] }
    expect(layers.length).toBeGreaterThan(0)
    await page.goto('/admin/map-layers')
    await expect(page.locator(`[data-layer="${layers[0]!.id}"]`)).toContainText(beijing(layers[0]!.updated_at))
  })
})

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

async function tianditu(page: Page) {
  // The server's configuration with a 天地图-like preset whose tiles this test answers itself (no network).
  await page.route('**/api/config', async (route) => {
    const res = await route.fetch()
    const cfg = (await res.json()) as { basemap: Record<string, unknown> }
    cfg.basemap = { ...cfg.basemap, preset: 'tianditu', url: '/e2e-base/{z}/{x}/{y}.png', labels_url: '/e2e-labels/{z}/{x}/{y}.png', subdomains: [] }
    await route.fulfill({ response: res, json: cfg })
  })
  const seen = { base: 0, labels: 0 }
  await page.route('**/e2e-base/**', (r) => (seen.base++, r.fulfill({ body: PNG, contentType: 'image/png' })))
  await page.route('**/e2e-labels/**', (r) => (seen.labels++, r.fulfill({ body: PNG, contentType: 'image/png' })))
  return seen
}

test.describe('a basemap with a label layer', () => {
  test.use({ serviceWorkers: 'block' })

  test('draws the labels over the base tiles', async ({ page }) => {
    const seen = await tianditu(page)
    await page.goto('/public/zones')
    await expect(page.locator('.leaflet-tile-pane > .leaflet-layer')).toHaveCount(2)
    await expect.poll(() => seen.base).toBeGreaterThan(0)
    await expect.poll(() => seen.labels).toBeGreaterThan(0)
    const z = await page
      .locator('.leaflet-tile-pane > .leaflet-layer')
      .evaluateAll((els) => els.map((e) => ({ z: Number(getComputedStyle(e).zIndex), labels: !!e.querySelector('img[src*="e2e-labels"]') })))
    expect(z.find((l) => l.labels)!.z).toBeGreaterThan(z.find((l) => !l.labels)!.z)
  })
})
