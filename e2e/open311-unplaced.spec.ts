// A report sent over Open311 with only an address reaches the coordinator flagged "needs a position";
// on a phone the coordinator arms "Place on map", taps the map, and the report joins the map.
import { expect, test } from '@playwright/test'
import { signedInAs } from './support/sessions.ts'

const DEMO_OPEN311_KEY = 'lastmile-demo-open311-key'

test('an address-only Open311 request is flagged for the coordinator, who places it on the map', async ({ page, request }) => {
  const sent = await request.post('/open311/v2/requests.json', {
    form: {
      api_key: DEMO_OPEN311_KEY,
      service_code: 'debris',
      address_string: '劲松西街 12 号门口',
      description: '门口堆满杂物',
      media_url: 'https://fms.example/p/1.jpeg',
    },
  })
  expect(sent.status()).toBe(201)
  const id = ((await sent.json()) as { service_request_id: string }[])[0]!.service_request_id

  // A second one, as FixMyStreet sends a report its user did not pin, stays waiting.
  const other = await request.post('/open311/v2/requests.xml', {
    form: { api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', address_id: '#NOTPINPOINTED#', description: '地铁口单车很多' },
  })
  expect(other.status()).toBe(201)

  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  const item = page.getByTestId(`unplaced-${id}`)
  await expect(item).toBeVisible()
  await expect(item).toContainText('需定位')
  await expect(item).toContainText('劲松西街 12 号门口')
  await expect(item.getByRole('link', { name: '来源照片 1' })).toHaveAttribute('href', 'https://fms.example/p/1.jpeg')
  await item.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/open311-unplaced-390.png' })

  await page.getByTestId(`place-${id}`).click()
  await expect(item).toContainText('请在地图上点击它所在的位置')
  const placed = page.waitForResponse((r) => r.url().endsWith(`/api/patrol/review/reports/${id}/position`))
  await expect(page.locator('.cmap__placing')).toBeInViewport() // the map came into view with the hint
  await page.screenshot({ path: 'test-results/open311-placing-390.png' })
  const box = (await page.locator('.leaflet-container').boundingBox())!
  await page.mouse.click(box.x + 60, box.y + box.height - 60) // open ground, no marker there
  expect((await placed).status()).toBe(200)
  await expect(item).toHaveCount(0)
  await expect(page.getByTestId('unplaced-list')).toContainText('地铁口单车很多')

  await page.setViewportSize({ width: 1440, height: 900 })
  await page.screenshot({ path: 'test-results/open311-placed-1440.png' })
  const [pub] = (await (await request.get(`/open311/v2/requests/${id}.json`)).json()) as { lat: number | null; long: number | null }[]
  expect(pub!.lat).toBeGreaterThan(39.8)
  expect(pub!.long).toBeGreaterThan(116.4)
})
