// Maps without tiles: an admin imports a GeoJSON reference layer (a swapped file is refused at the
// field first); with every tile request failing, and then offline, a map still draws it; a GCJ-02
// position typed into the capture pin lands on its WGS-84 place.
import { expect, test, type Page } from '@playwright/test'
import { signIn, waitForServiceWorker } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'
import { wgs84ToGcj02 } from '../client/map/gcj02.ts'

const RUN = Date.now().toString(36)
const LAYER_ID = `e2e-${RUN}`
/** Names are text, never HTML: this one must show its angle brackets. */
const LANDMARK = `E2E 地标 <b>${RUN}</b>`

const file = (coords: [number, number]) => ({
  name: `${LAYER_ID}.geojson`,
  mimeType: 'application/geo+json',
  buffer: Buffer.from(
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: LANDMARK }, geometry: { type: 'Point', coordinates: coords } },
        {
          type: 'Feature',
          properties: { name: 'E2E 小路' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [116.4705, 39.8915],
              [116.4735, 39.8915],
            ],
          },
        },
      ],
    }),
  ),
})

/** Paths drawn in the reference pane (SVG) and the text of its labels. */
async function referenceDrawn(page: Page) {
  const pane = page.locator('.leaflet-reference-pane').first()
  await expect(pane.locator('path').first()).toBeAttached()
  expect(await pane.locator('path').count()).toBeGreaterThan(10)
  await expect(page.locator('.leaflet-referenceLabels-pane').first().getByText(LANDMARK)).toBeAttached()
  await expect(page.locator('.leaflet-referenceLabels-pane b')).toHaveCount(0)
}

test('an imported reference layer is drawn with every tile failing, and offline after a reload', async ({ page, context }) => {
  await signedInAs(page, 'admin')
  await waitForServiceWorker(page)
  await page.goto('/admin/map-layers')
  await expect(page.getByTestId('layer-list')).toContainText('示意数据，仅供演示')

  // [lat, lng] instead of GeoJSON's [lng, lat]: named at the field, nothing sent.
  await page.getByTestId('layer-file').setInputFiles(file([39.8921, 116.4717]))
  await expect(page.getByTestId('layer-file-errors')).toContainText('纬度和经度似乎填反了')
  await expect(page.getByTestId('layer-submit')).toBeDisabled()

  await page.getByTestId('layer-file').setInputFiles(file([116.4717, 39.8921]))
  await expect(page.getByTestId('layer-preview')).toHaveText('共 2 个要素：点 1，线 1，面 0')
  await page.getByTestId('layer-kind').selectOption('landmarks')
  await expect(page.getByTestId('layer-id')).toHaveValue(LAYER_ID)
  await page.getByTestId('layer-name').fill(`E2E 图层 ${RUN}`)
  await page.getByTestId('layer-submit').click()
  await expect(page.getByTestId('layer-notice')).toContainText(`已导入「E2E 图层 ${RUN}」：2 个要素`)
  await expect(page.locator(`[data-layer="${LAYER_ID}"]`)).toBeVisible()

  // Every tile fails: the residents' map still shows roads, outlines and the new landmark.
  let aborted = 0
  await context.route('**/tiles/**', (r) => (aborted++, r.abort()))
  await page.goto('/public/zones')
  await referenceDrawn(page)
  expect(aborted).toBeGreaterThan(0)
  // Both at once: the notice that tiles fail, and the reference layer under it.
  await expect(page.getByTestId('map-tile-notice')).toBeVisible()
  // Drawn under the data: the reference pane sits between the tiles and the overlays.
  const z = await page.evaluate(() =>
    ['tile', 'reference', 'overlay'].map((p) => Number(getComputedStyle(document.querySelector(`.leaflet-${p}-pane`)!).zIndex)),
  )
  expect(z[0]).toBeLessThan(z[1]!)
  expect(z[1]).toBeLessThan(z[2]!)

  // Offline, reloaded: the device's copy is drawn.
  await context.setOffline(true)
  await page.reload()
  await referenceDrawn(page)
  await context.setOffline(false)
})

test('GCJ-02 coordinates typed into the capture pin move it to the converted WGS-84 position', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ latitude: 39.8935, longitude: 116.4645, accuracy: 8 })
  await context.route('**/tiles/**', (r) => r.abort())
  await signIn(page, 'inspector')
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('accuracy')).toContainText('±8')
  await page.getByRole('button', { name: '在地图上调整' }).click()
  await expect(page.locator('.patrol-pin')).toBeVisible()
  // The capture pin's map is readable with no tiles: the reference layers are under the pin.
  await expect(page.locator('.leaflet-reference-pane path').first()).toBeAttached()

  const input = page.getByTestId('pin-coord-input')
  await input.getByTestId('coord-text').fill('lat 116.47, lng 39.89')
  await input.getByTestId('coord-apply').click()
  await expect(input.getByTestId('coord-error')).toHaveText('纬度和经度似乎填反了，请交换后再试')

  // 九龙山站 as AMap would share it (GCJ-02, lng,lat): the link picks GCJ-02 by itself.
  const [gLat, gLng] = wgs84ToGcj02(39.892109, 116.471685)
  await input.getByTestId('coord-text').fill(`https://uri.amap.com/marker?position=${gLng.toFixed(6)},${gLat.toFixed(6)}&name=九龙山站`)
  await expect(input.getByTestId('coord-datum')).toHaveValue('gcj02')
  await input.getByTestId('coord-apply').click()
  await expect(input.getByTestId('coord-result')).toHaveText('已从 GCJ-02 转换为 WGS-84：39.892109, 116.471685')
  await expect(page.getByTestId('position-status')).toContainText('39.892109, 116.471685')
  await expect(page.getByTestId('accuracy')).toHaveText('已在地图上调整')
  // On screen the pin now sits on the reference layer's 九龙山站 (drawn at its WGS-84 position).
  const station = page.locator('.leaflet-referenceLabels-pane').getByText('九龙山站（地铁 7 号线、14 号线）')
  await expect
    .poll(async () => {
      const pin = await page.locator('.patrol-pin').boundingBox()
      const label = await station.boundingBox()
      if (!pin || !label) return Infinity
      return Math.hypot(pin.x + pin.width / 2 - label.x, pin.y + pin.height / 2 - (label.y + label.height / 2))
    })
    .toBeLessThan(25)

  // The same numbers as WGS-84 land a few hundred metres away (the conversion really ran).
  await input.getByTestId('coord-datum').selectOption('wgs84')
  await input.getByTestId('coord-apply').click()
  await expect(page.getByTestId('position-status')).toContainText(`${gLat.toFixed(6)}, ${gLng.toFixed(6)}`)
})

test('the zone editor takes typed corners and a hotspot position without touching the map', async ({ page, context }) => {
  await context.route('**/tiles/**', (r) => r.abort())
  await signedInAs(page, 'coordinator')
  await page.goto('/zones')
  await page.getByTestId('new-zone').click()
  const input = page.getByTestId('zone-coord-input')
  // Three corners of a small square east of 九龙山站, typed in the orders people paste.
  for (const text of ['39.8930, 116.4725', '116.4727，39.8930', '39.8932 N, 116.4727 E']) {
    await input.getByTestId('coord-text').fill(text)
    await input.getByTestId('coord-apply').click()
    await expect(input.getByTestId('coord-result')).toContainText('WGS-84：')
  }
  await expect(page.getByTestId('draw-hint')).toContainText('已点 3 个')
  await expect(page.getByTestId('zone-area')).toBeVisible()
  // Far away: refused at the field, no corner added.
  await input.getByTestId('coord-text').fill('31.2304, 121.4737')
  await input.getByTestId('coord-apply').click()
  await expect(input.getByTestId('coord-error')).toHaveText('这个位置离本街道太远，请检查坐标')
  await expect(page.getByTestId('draw-hint')).toContainText('已点 3 个')
  // A hotspot's position becomes the fourth corner.
  const source = input.getByTestId('coord-source')
  await expect(source.locator('option').nth(1)).toBeAttached()
  await source.selectOption({ index: 1 })
  await input.getByTestId('coord-source-apply').click()
  await expect(page.getByTestId('draw-hint')).toContainText('已点 4 个')
})
