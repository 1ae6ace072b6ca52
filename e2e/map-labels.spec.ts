// Map labels are text, not HTML: a zone named like markup shows its name as characters in the residents'
// map tooltip, and no element from the name is created (Leaflet would insert a string as HTML).
import { expect, test } from '@playwright/test'
import { apiSignedInAs } from './support/sessions.ts'

const NAME = '<img src=x onerror=alert(1)>'

test('a zone named like markup shows as text on the residents’ map', async ({ browser, playwright, baseURL }) => {
  const api = await apiSignedInAs(playwright.request, baseURL!, 'coordinator')
  const zones = (await (await api.get('/api/patrol/zones')).json()) as {
    community_id: string
    status: string
    center: { lat: number; lng: number }
    geometry: { type: 'Polygon'; coordinates: number[][][] }
  }[]
  const model = zones.find((z) => z.status === 'active') ?? zones[0]!
  // The model zone moved 300 m north, so the new one is the nearest to a resident standing there.
  const shift = 0.0027
  const geometry = { type: 'Polygon', coordinates: model.geometry.coordinates.map((ring) => ring.map(([lng, lat]) => [lng!, lat! + shift])) }
  const created = await api.post('/api/patrol/zones', {
    data: { name: NAME, community_id: model.community_id, geometry, capacity: 12, vehicle_kinds: ['bicycle'], status: 'active' },
  })
  expect(created.status(), await created.text()).toBeLessThan(300)
  await api.dispose()

  const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  await resident.grantPermissions(['geolocation'])
  await resident.setGeolocation({ latitude: model.center.lat + shift - 0.0002, longitude: model.center.lng, accuracy: 10 })
  const phone = await resident.newPage()
  const dialogs: string[] = []
  phone.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await phone.goto('/public/zones')
  await expect(phone.getByTestId('public-zone').filter({ hasText: NAME })).toBeVisible()
  await phone.getByTestId('nearest').click()
  await expect(phone.getByTestId('nearest-zone')).toContainText(NAME)
  // The nearest zone's tooltip is permanent: its text is the name, with no element made from it.
  const tooltip = phone.locator('.leaflet-tooltip').filter({ hasText: NAME })
  await expect(tooltip).toHaveText(`${NAME} · 12`)
  expect(await phone.locator('.leaflet-tooltip img, .leaflet-pane img[src="x"]').count()).toBe(0)
  expect(dialogs).toEqual([])
  await resident.close()
})
