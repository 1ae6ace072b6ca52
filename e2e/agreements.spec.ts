// Agreements on a 390×844 phone: the coordinator records an agreement with two signatures drawn on the
// canvas and draws a zone for it on the map; residents find the zone and the nearest one from a fixed
// position (also offline after the first visit); an inspector records a compliance check offline.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { signIn, waitForServiceWorker } from './support/helpers.ts'
import { apiSignedInAs, signedInAs } from './support/sessions.ts'

const TITLE = '九龙山站 D 口停放协议（e2e）'
const ZONE = 'D 口临时停放区（e2e）'

/** A signature scribble on the canvas with real mouse strokes. */
async function scribble(page: Page, canvas: Locator) {
  await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + 30, box.y + 100)
  await page.mouse.down()
  for (const [dx, dy] of [
    [60, 40],
    [100, 90],
    [140, 30],
    [190, 100],
    [230, 50],
  ] as const)
    await page.mouse.move(box.x + dx, box.y + dy, { steps: 5 })
  await page.mouse.up()
}

async function sign(page: Page, index: number, party: string) {
  const row = page.getByTestId(`party-${index}`)
  await row.getByTestId('party-select').selectOption({ label: party })
  await row.getByTestId('sign').click()
  await scribble(page, row.getByTestId('signature-canvas'))
  await row.getByTestId('signature-done').click()
  await expect(row.getByTestId('signature-image')).toBeVisible()
}

test('coordinator signs an agreement with two parties, draws its zone; residents find it, also offline', async ({ page, browser, playwright, baseURL }) => {
  await signedInAs(page, 'coordinator')
  await page.goto('/agreements/new')
  await page.getByTestId('title').fill(TITLE)
  await page.getByTestId('address').fill('九龙山站 D 口（西大望路西侧）')
  await sign(page, 0, '外企大厦物业 · 物业')
  await sign(page, 1, '单车A · 共享单车运营方')
  await page.getByTestId('commitment-0').getByTestId('commitment-party').selectOption({ label: '外企大厦物业' })
  await page.getByTestId('commitment-0').getByTestId('commitment-text').fill('提供楼前临时停放位置')
  await page.getByTestId('add-commitment').click()
  await page.getByTestId('commitment-1').getByTestId('commitment-party').selectOption({ label: '单车A' })
  await page.getByTestId('commitment-1').getByTestId('commitment-text').fill('每天 9:00 前清运多余车辆')
  await page.getByTestId('measure').fill('单车统一停入 D 口临时停放区')
  // Bad input first: the review date before the effective date is named at its field, nothing saved.
  await page.getByTestId('effective').fill('2026-12-10')
  await page.getByTestId('review').fill('2026-12-01')
  await page.getByTestId('status').selectOption('active')
  await page.getByTestId('save').click()
  await expect(page.locator('[data-field="review_date"]')).toHaveText('复查日期不能早于生效日期')
  await page.getByTestId('review').fill('2027-03-01')
  await page.getByTestId('save').click()

  await expect(page).toHaveURL(/\/agreements\/[0-9a-f-]{36}\?saved=1$/)
  const agreementId = page.url().split('/agreements/')[1]!.split('?')[0]!
  await expect(page.getByTestId('agreement-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })
  await expect(page.getByTestId('agreement-status')).toHaveText('生效中')
  await expect(page.getByTestId('doc-signature')).toHaveCount(2)

  // The server holds both drawn signatures as PNGs uploaded through the media route.
  const api = await apiSignedInAs(playwright.request, baseURL!, 'coordinator')
  const detail = await (await api.get(`/api/patrol/agreements/${agreementId}`)).json()
  expect(detail.agreement.status).toBe('active')
  const drawn = detail.agreement.parties.map((p: { signature: { kind: string; media: string } }) => p.signature)
  expect(drawn.map((s: { kind: string }) => s.kind)).toEqual(['drawn', 'drawn'])
  const png = new Uint8Array(await (await api.get(`/api/media/${drawn[0].media}`)).body())
  expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47])

  // An edit of the synced agreement is based on its server version (no conflict) and syncs too.
  await page.getByTestId('edit').click()
  // The detail page shows the measure under the same test id: wait until the edit form is there.
  await expect(page).toHaveURL(/\/agreements\/[^/]+\/edit$/)
  await expect(page.locator('textarea[data-testid="measure"]')).toHaveValue('单车统一停入 D 口临时停放区')
  await page.getByTestId('measure').fill('单车统一停入 D 口临时停放区，人行道留出 2 米')
  await page.getByTestId('save').click()
  await expect(page.getByTestId('agreement-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })
  const edited = await (await api.get(`/api/patrol/agreements/${agreementId}`)).json()
  expect(edited.agreement).toMatchObject({ version: 2, measure: '单车统一停入 D 口临时停放区，人行道留出 2 米', status: 'active' })

  // Draw the zone: four taps on the map, then the facts; the agreement is preselected.
  await page.getByTestId('draw-zone').click()
  await expect(page.getByTestId('draw-hint')).toBeVisible()
  const map = (await page.getByTestId('zones-map').locator('.leaflet-container').boundingBox())!
  const cx = map.x + map.width / 2
  const cy = map.y + map.height * 0.75
  for (const [dx, dy] of [
    [-24, -12],
    [24, -12],
    [24, 12],
    [-24, 12],
  ] as const)
    await page.mouse.click(cx + dx, cy + dy)
  await expect(page.getByTestId('zone-area')).toContainText('平方米')
  await page.getByTestId('zone-name').fill(ZONE)
  await page.getByTestId('zone-capacity').fill('30')
  await expect(page.getByTestId('zone-agreement')).toHaveValue(agreementId)
  await page.getByTestId('save-zone').click()
  await expect(page.getByTestId('zone-saved')).toBeVisible()
  const zones = (await (await api.get('/api/patrol/zones')).json()) as {
    name: string
    agreement_id: string
    status: string
    center: { lat: number; lng: number }
  }[]
  const mine = zones.find((z) => z.name === ZONE)!
  expect(mine).toMatchObject({ agreement_id: agreementId, status: 'active' })
  expect((await (await api.get(`/api/patrol/agreements/${agreementId}`)).json()).zones.map((z: { name: string }) => z.name)).toEqual([ZONE])
  await api.dispose()

  // A resident, no account, standing about 30 m south of the new zone.
  const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', serviceWorkers: 'allow' })
  await resident.grantPermissions(['geolocation'])
  await resident.setGeolocation({ latitude: mine.center.lat - 0.0003, longitude: mine.center.lng, accuracy: 10 })
  const phone = await resident.newPage()
  await phone.goto('/public/zones')
  await expect(phone.getByTestId('public-zone').filter({ hasText: ZONE })).toBeVisible()
  await expect(phone.getByTestId('public-zone').filter({ hasText: ZONE })).toContainText('可停 30 辆')
  await phone.getByTestId('nearest').click()
  await expect(phone.getByTestId('nearest-zone')).toContainText(ZONE)
  await expect(phone.getByTestId('nearest-walk')).toHaveText(/^步行约 \d+ 米，约 \d+ 分钟$/)

  // Offline after the first visit: the service worker serves the page, IndexedDB the zones.
  await waitForServiceWorker(phone)
  await resident.setOffline(true)
  await phone.reload()
  await expect(phone.getByTestId('offline-copy')).toBeVisible()
  await expect(phone.getByTestId('public-zone').filter({ hasText: ZONE })).toBeVisible()
  await phone.getByTestId('nearest').click()
  await expect(phone.getByTestId('nearest-zone')).toContainText(ZONE)
  await resident.close()
})

test('an inspector records a compliance check offline; it syncs and flags the breach', async ({ page, context, playwright, baseURL }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ latitude: 39.89236, longitude: 116.47125, accuracy: 8 })
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  await page.goto('/agreements')
  await page.getByTestId('agreement-item').filter({ hasText: '外企大厦门前车辆停放多方协议' }).click()
  await expect(page.getByTestId('agreement-status')).toHaveText('生效中')
  const agreementId = page.url().split('/agreements/')[1]!

  await context.setOffline(true)
  await page.getByTestId('record-check').click()
  await expect(page.getByTestId('check-party-4')).toBeVisible()
  for (const i of [0, 1, 2, 4]) await page.getByTestId(`outcome-${i}-complied`).click()
  await page.getByTestId('outcome-3-breached').click()
  await page.getByTestId('save-check').click()
  await expect(page.getByTestId('check-saved')).toBeVisible()
  await expect(page.getByTestId('check-sync').first()).toHaveAttribute('data-sync', 'pending')
  await page.reload()
  await expect(page.getByTestId('check-sync').first()).toHaveAttribute('data-sync', 'pending')

  await context.setOffline(false)
  await expect(page.getByTestId('check-sync').first()).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })
  const api = await apiSignedInAs(playwright.request, baseURL!, 'coordinator')
  const detail = await (await api.get(`/api/patrol/agreements/${agreementId}`)).json()
  expect(detail.agreement.status).toBe('breached')
  expect(detail.checks[0]).toMatchObject({ inspector_name: '王巡查' })
  expect(detail.follow_up.party_ids).toHaveLength(1)
  await api.dispose()
  await page.goto(`/agreements/${agreementId}`)
  await expect(page.getByTestId('follow-up')).toContainText('单车B')
})
