// Operators in the loop on a 390×844 phone: an inspector's report counting 单车A's vehicles makes a task;
// the operator signs in, sees it, clears it with a photo offline, and it uploads once back online; the
// inspector's re-check confirms it; the agreement page's time-to-clear figure changes.
import { expect, test } from '@playwright/test'
import { uuidv7 } from '../api/domain/ids.ts'
import { encodePng } from '../api/test-support/png.ts'
import { apiSignIn, pushOne, signIn, waitForServiceWorker } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

const run = Date.now().toString(36)
// A pavement of 九龙南 (the seeded 外企大厦 agreement's community), away from the seeded hotspots.
const QUIET = { lat: 39.8965, lng: 116.4745 }
const ADDRESS = `九龙南社区西侧人行道（运营方 e2e ${run}）`

test('a counted vehicle makes a task; the operator clears it offline with a photo; the re-check confirms; the agreement shows it', async ({
  page,
  context,
  playwright,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000)
  // The office's view of the agreement, before.
  const office = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const desk = await office.newPage()
  await signedInAs(desk, 'coordinator')
  const agreements = await desk.request.get('/api/patrol/agreements')
  const agreement = ((await agreements.json()) as { id: string; title: string }[]).find((a) => a.title === '外企大厦门前车辆停放多方协议')!
  await desk.goto(`/agreements/${agreement.id}`)
  const figure = desk.getByTestId('time-to-clear')
  await expect(figure).toBeVisible()
  const before = (await figure.textContent())!.trim()

  // The inspector's report counts 12 of 单车A's vehicles.
  const inspector = await playwright.request.newContext({ baseURL })
  await apiSignIn(inspector, 'inspector')
  const reportId = await pushOne(inspector, baseURL!, `e2e-op-${run}`, 'report', {
    position: { ...QUIET, accuracy_m: 7, source: 'gps' },
    community_id: 'jiulongnan',
    address: ADDRESS,
    kind: 'shared_bike',
    counts: { 'bike-a': 12, 'bike-b': 3 },
    blocked_share: 0.5,
    note: '居民反映',
    observed_at: new Date(Date.now() - 60_000).toISOString(),
  })

  // The operator on the phone.
  await signIn(page, 'operator')
  await expect(page).toHaveURL(/\/operator$/)
  await waitForServiceWorker(page)
  const card = page.getByTestId('operator-task').filter({ hasText: ADDRESS })
  await expect(card).toBeVisible()
  await expect(card.getByTestId('task-vehicles')).toHaveText('12 辆')
  await expect(card.getByTestId('task-state')).toHaveText('待清理')
  await expect(page.locator('body')).not.toContainText('居民反映')
  await card.click()
  await expect(page.getByTestId('clear-form')).toBeVisible()

  // Offline: the photo and the clearing stay on the phone.
  await context.setOffline(true)
  await page.getByTestId('clear-submit').click()
  await expect(page.locator('[data-field="photos"]')).toHaveText('请拍一张清理后的照片')
  const png = encodePng(320, 240, (x, y) => [(x * 3) % 256, (y * 5) % 256, 120])
  await page.getByTestId('clear-photo-input').setInputFiles({ name: 'cleared.png', mimeType: 'image/png', buffer: png })
  await expect(page.getByTestId('clear-photo')).toHaveCount(1)
  await page.getByTestId('clear-submit').click()
  await expect(page.getByTestId('clearing-saved')).toBeVisible()
  const mine = page.getByTestId('operator-task').filter({ hasText: ADDRESS })
  await expect(mine.getByTestId('task-state')).toHaveText('本机已记录清理，待上传')
  await expect(mine).toHaveAttribute('data-local', /pending|syncing/)

  // Online again: the photo uploads, then the clearing; the list reads the server's task.
  await context.setOffline(false)
  await expect(mine.getByTestId('task-state')).toHaveText('已清理，待复核', { timeout: 30_000 })
  await expect(mine).toHaveAttribute('data-status', 'cleared')

  // The inspector's re-check: none of 单车A's vehicles there any more.
  await pushOne(inspector, baseURL!, `e2e-op-${run}`, 'observation', {
    report_id: reportId,
    position: { ...QUIET, accuracy_m: 6, source: 'gps' },
    counts: { 'bike-b': 1 },
    blocked_share: 0.1,
    observed_at: new Date().toISOString(),
  })
  await page.reload()
  await expect(page.getByTestId('operator-task').filter({ hasText: ADDRESS }).getByTestId('task-state')).toHaveText('已确认')

  // The office's figure moved.
  await desk.reload()
  await expect(desk.getByTestId('time-to-clear')).not.toHaveText(before)
  await expect(desk.getByTestId('clearing-table')).toContainText('单车A')
  await inspector.dispose()
  await office.close()
})

test('an operator cannot open another operator’s task', async ({ page }) => {
  await signIn(page, 'operator')
  await page.goto(`/operator/tasks/${uuidv7()}`)
  await expect(page.getByTestId('task-not-found')).toBeVisible()
  const res = await page.request.get(`/api/patrol/operator/tasks/${uuidv7()}`)
  expect(res.status()).toBe(404)
})
