// Residents' reports end to end at phone size: a resident opens the report page from the public map,
// goes offline, fills it in and submits (queued on the phone); back online it is sent (proof of work
// solved in a Web Worker) and the follow-up code appears; a coordinator approves it with a reply; the
// follow-up page shows the new status and the reply. The report counted 单车A's bikes: 单车A's operator
// gets a task, clears it with a photo, an inspector's re-check confirms it, and the resident's follow-up
// shows each step.
import { expect, test, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { encodePng } from '../api/test-support/png.ts'
import { apiSignIn, pushOne, signIn } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

const SPOT = { latitude: 39.8936, longitude: 116.4737, accuracy: 9 }
const REPLY = '已转交巡查员，今天下午清理'

/** No serious or critical accessibility violation in the page's own content (the app shell's header is not this feature's). */
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('.page').exclude('.leaflet-container').analyze()
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad).toEqual([])
}

test('a resident reports offline, it is sent when online, a coordinator approves, the operator clears, the re-check confirms; the follow-up shows each step', async ({
  browser,
  baseURL,
  playwright,
}) => {
  test.setTimeout(300_000)
  const resident = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await resident.grantPermissions(['geolocation'])
  await resident.setGeolocation(SPOT)
  const phone = await resident.newPage()
  await phone.goto('/public/zones')
  await phone.getByTestId('report-obstruction').click()
  await expect(phone).toHaveURL(/\/public\/report$/)
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('举报占道')
  await expect(phone.getByText('双井街道：拍一张照片')).toBeVisible()
  await expect(phone.getByTestId('map')).toBeVisible()
  await expectAccessible(phone)

  await resident.setOffline(true)
  await phone.getByTestId('rr-photo').setInputFiles({
    name: 'blocked.png',
    mimeType: 'image/png',
    buffer: encodePng(64, 48, (x, y) => [(x * 4) % 255, (y * 5) % 255, 120]),
  })
  await expect(phone.getByAltText('准备上报的照片')).toBeVisible()
  await phone.getByTestId('rr-gps').click()
  await expect(phone.getByTestId('rr-position')).toContainText('GPS ±9 米')
  await phone.getByLabel('共享单车').check()
  await phone.getByLabel('单车A').check()
  await phone.getByLabel('联系电话（选填）').fill('13812345678')
  await phone.getByTestId('rr-submit').click()
  await expect(phone.getByTestId('rr-notice')).toHaveText('已保存在本机。联网后会自动发送，发送后显示查询码。')
  const item = phone.getByTestId('rr-item').first()
  await expect(item).toHaveAttribute('data-state', 'pending')
  await expect(item).toContainText('没有网络，联网后自动发送')

  await resident.setOffline(false)
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 90_000 })
  const code = (await phone.getByTestId('rr-code').first().textContent())!.trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
  await phone.getByTestId('rr-follow').first().click()
  await expect(phone.getByTestId('rf-status')).toHaveText('等待审核')
  await expect(phone.getByTestId('rf-result')).not.toContainText('13812345678')
  await expectAccessible(phone)

  const office = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const desk = await office.newPage()
  await signedInAs(desk, 'coordinator')
  await desk.goto('/coordinator')
  await desk.getByTestId('resident-reports-link').click()
  const card = desk.getByTestId('rm-item').filter({ hasText: code })
  await expect(card).toBeVisible()
  await expect(card.getByTestId('rm-phone')).toHaveText('电话 138****5678')
  await expectAccessible(desk)
  await card.getByTestId('rm-reply').fill(REPLY)
  await card.getByTestId('rm-approve').click()
  await expect(card.getByTestId('rm-decided')).toContainText('已受理 · 赵协调')
  const queue = (await (await desk.request.get('/api/patrol/residents/reports?status=approved')).json()) as { code: string; report_id: string | null }[]
  const reportId = queue.find((q) => q.code === code)!.report_id!
  await office.close()

  await phone.reload()
  await expect(phone.getByTestId('rf-status')).toHaveText('已受理')
  await expect(phone.getByTestId('rf-reply')).toHaveText(REPLY)
  await expect(phone.getByTestId('rf-progress')).toHaveText('待处理')
  await expect(phone.getByTestId('rf-clearing')).toHaveText('已通知运营方清理')

  // 单车A's field manager on their phone: the task, cleared with a photo.
  const company = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const op = await company.newPage()
  await signIn(op, 'operator')
  const tasks = (await (await op.request.get('/api/patrol/operator/tasks')).json()) as { id: string; report_id: string }[]
  const taskId = tasks.find((x) => x.report_id === reportId)!.id
  await op.goto(`/operator/tasks/${taskId}`)
  await expect(op.getByTestId('clear-form')).toBeVisible()
  await op.getByTestId('clear-photo-input').setInputFiles({
    name: 'cleared.png',
    mimeType: 'image/png',
    buffer: encodePng(320, 240, (x, y) => [(x * 3) % 256, (y * 5) % 256, 90]),
  })
  await expect(op.getByTestId('clear-photo')).toHaveCount(1)
  await op.getByTestId('clear-submit').click()
  await expect(op.getByTestId('clearing-saved')).toBeVisible()
  await expect
    .poll(async () => ((await (await op.request.get(`/api/patrol/operator/tasks/${taskId}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('cleared')
  await company.close()
  await phone.reload()
  await expect(phone.getByTestId('rf-clearing')).toHaveText('运营方已清理，待巡查员复核')

  // The inspector's re-check finds none of 单车A's bikes there: confirmed, and the resident reads it.
  const inspector = await playwright.request.newContext({ baseURL })
  await apiSignIn(inspector, 'inspector')
  await pushOne(inspector, baseURL!, 'e2e-residents-recheck', 'observation', {
    report_id: reportId,
    position: { lat: SPOT.latitude, lng: SPOT.longitude, accuracy_m: 6, source: 'gps' },
    counts: {},
    blocked_share: 0,
    observed_at: new Date().toISOString(),
  })
  await inspector.dispose()
  await phone.reload()
  await expect(phone.getByTestId('rf-clearing')).toHaveText('巡查员复核：已清理完毕')
  await resident.close()
})
