// A coordinator calls a resident back and joins their report to one already open, at phone size: the
// queue shows the masked number; "显示号码" asks why, then shows the full number as a tel: link (the
// reveal is audited); joining the report to a nearby open report puts the resident's photo on it, and
// the target's hotspot page shows that photo, not yet approved for publication.
import { expect, test, type APIRequestContext } from '@playwright/test'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { encodePng } from '../api/test-support/png.ts'
import { uuidv7 } from '../api/domain/ids.ts'
import type { ResidentChallenge, ResidentQueueItem, ResidentReceipt } from '../api/domain/patrol/resident.ts'
import { signedInAs } from './support/sessions.ts'

const SPOT = { lat: 39.8936, lng: 116.4737 }

/** A resident's report sent as the public form sends it, with the proof of work solved here. */
async function residentReport(api: APIRequestContext, baseURL: string, phone: string): Promise<ResidentReceipt> {
  const { challenge } = (await (await api.get('/api/patrol/residents/challenge')).json()) as ResidentChallenge
  const solution = await solveChallenge({ challenge, deriveKey })
  const photo = encodePng(48, 32, (x, y) => [(x * 5) % 256, (y * 7) % 256, 200])
  const res = await api.post('/api/patrol/residents/reports', {
    headers: { origin: baseURL },
    data: {
      id: uuidv7(),
      subdistrict: 'shuangjing',
      device: `e2e-phone-${Date.now()}`,
      position: { ...SPOT, accuracy_m: 10, source: 'gps' },
      kind: 'shared_bike',
      operator_ids: ['bike-a'],
      note: '',
      phone,
      observed_at: new Date().toISOString(),
      photo: { content_type: 'image/png', data: photo.toString('base64') },
      pow: { challenge, solution },
    },
  })
  expect(res.status()).toBe(201)
  return (await res.json()) as ResidentReceipt
}

test('a coordinator reveals a resident’s number for a call-back and joins the report, its photo to the target report', async ({
  page,
  baseURL,
  playwright,
}) => {
  test.setTimeout(180_000)
  const resident = await playwright.request.newContext({ baseURL })
  const receipt = await residentReport(resident, baseURL!, '139 8765 4321')
  await resident.dispose()

  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator/resident-reports')
  const card = page.getByTestId('rm-item').filter({ hasText: receipt.code })
  await expect(card.getByTestId('rm-phone')).toHaveText('电话 139****4321')
  await expect(card.getByTestId('rm-phone-tel')).toHaveCount(0)

  // "其他" without a reason is refused at the field; 回访 shows the number as a tel: link.
  await card.getByTestId('rm-phone-reveal').click()
  await card.getByLabel('其他', { exact: true }).check()
  await card.getByTestId('rm-phone-show').click()
  await expect(card.getByRole('alert')).toHaveText('用途选“其他”时请写明原因')
  await card.getByLabel('回访', { exact: true }).check()
  await card.getByTestId('rm-phone-note').fill('回访核实')
  await card.getByTestId('rm-phone-show').click()
  const tel = card.getByTestId('rm-phone-tel')
  await expect(tel).toHaveAttribute('href', 'tel:13987654321')
  await expect(tel).toHaveText('拨打 139 8765 4321')
  await expect(card).toContainText('已记录查看（回访）')
  // The list still carries only the masked number.
  expect(await (await page.request.get('/api/patrol/residents/reports?status=pending')).text()).not.toContain('13987654321')

  // Join it to the nearest open report; the target's hotspot shows the resident's photo.
  const queue = (await (await page.request.get('/api/patrol/residents/reports?status=pending')).json()) as ResidentQueueItem[]
  const item = queue.find((q) => q.code === receipt.code)!
  const target = item.nearby.find((n) => n.hotspot_id)!
  await card.getByTestId('rm-target').selectOption(`report:${target.id}`)
  await card.getByTestId('rm-reply').fill('已并入同一地点的问题')
  await card.getByTestId('rm-merge').click()
  await expect(card.getByTestId('rm-decided')).toContainText('已合并 · 赵协调')

  await page.goto(`/coordinator/hotspots/${target.hotspot_id}`)
  const photo = page.getByTestId('photo-timeline').locator(`li:has(img[src="/api/media/${item.photo}"])`)
  await expect(photo).toHaveCount(1)
  await photo.scrollIntoViewIfNeeded()
  await expect(photo.locator('img')).toBeVisible()
  await expect(photo.getByRole('checkbox')).not.toBeChecked()
  await expect(photo.getByTestId('photo-from-resident')).toHaveText('居民举报')
  expect(await photo.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
})
