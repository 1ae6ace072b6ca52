// The lunch program in daily use on a 390×844 phone: the residents' page offline with when it was saved,
// weeks named by their dates, the sale form saying the window is closed before anything is typed, a
// warning before selling days a resident already holds (and a reason to do so anyway), allergy
// conflicts named at the point of sale and on the kitchen sheet, an undo of a pickup that asks first,
// and prices typed as people write them.
import { expect, request as apiRequest, test, type Page } from '@playwright/test'
import { signIn } from './support/helpers.ts'
import { apiSignedInAs } from './support/sessions.ts'
import { addDays, businessDate, isoWeekday, isoWeekOf, isoWeekStart } from '#domain/time.ts'
import { nextIsoWeek } from '#domain/meals/window.ts'
import { weekLabel } from '#domain/meals/week-label.ts'

const ALWAYS_OPEN = { opens_weekday: 1, opens_time: '00:00', closes_weekday: 7, closes_time: '23:59' }
const DEFAULT = { opens_weekday: 1, opens_time: '10:00', closes_weekday: 4, closes_time: '20:00' }
const today = businessDate(new Date())
const saleWeek = nextIsoWeek(isoWeekOf(today))
const saleMonday = isoWeekStart(saleWeek)!
const saleTuesday = addDays(saleMonday, 1)

async function setWindow(page: Page, body: typeof DEFAULT) {
  expect((await page.request.put('/api/meals/settings', { data: body })).status()).toBe(200)
}
/** Chooses a demo resident by name in the sale form's list. */
async function pickResident(page: Page, name: string) {
  const option = page.getByTestId('sell-subscriber').locator('option', { hasText: name })
  await page.getByTestId('sell-subscriber').selectOption((await option.getAttribute('value'))!)
}

test.afterEach(async ({ page }) => {
  await setWindow(page, DEFAULT).catch(() => undefined)
})

test('the residents’ lunch page works offline after a visit online, saying when it was saved, with weeks as dates', async ({ page, context }) => {
  await page.goto('/public/meals')
  await expect(page.getByTestId(`public-week-${saleWeek}`)).toContainText('套餐 ¥38.00/套')
  // Weeks are dates for residents; the ISO key stays internal.
  await expect(page.getByTestId(`public-week-${saleWeek}`).getByRole('heading', { level: 2 })).toHaveText(`下周菜单 · ${weekLabel(saleWeek)}`)
  await expect(page.locator('main')).not.toContainText(/\d{4}-W\d{2}/)
  // Dish tags and allergens are on the public menu.
  await expect(page.getByTestId(`public-week-${saleWeek}`).locator(`[data-date="${saleMonday}"]`)).toContainText('五香花生')
  await expect(page.getByTestId(`public-week-${saleWeek}`).locator(`[data-date="${saleMonday}"]`)).toContainText('含花生')

  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await page.reload()
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  await expect(page.getByTestId(`public-week-${saleWeek}`)).toBeVisible()
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('public-offline')).toContainText('（北京时间）保存的菜单')
  await expect(page.getByTestId('public-offline')).toContainText(today)
  await expect(page.getByTestId(`public-week-${saleWeek}`)).toContainText('套餐 ¥38.00/套')
  await expect(page.getByText('加载失败')).toHaveCount(0)
  await context.setOffline(false)
})

test('while the window is closed the sale form says so, with when it opens, before anything is typed', async ({ page }) => {
  await signIn(page, 'meals')
  const closed =
    isoWeekday(today) === 1 ? { ...DEFAULT, opens_weekday: 2, closes_weekday: 3 } : { ...DEFAULT, opens_time: '00:00', closes_time: '00:01', closes_weekday: 1 }
  await setWindow(page, closed)
  await page.goto('/meals/sell')
  const notice = page.getByTestId('sell-closed')
  await expect(notice).toContainText(/现在不在售票时间|本期售票已于/)
  await expect(notice).toContainText(/开售/)
  await expect(notice).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/)
  await expect(page.getByRole('button', { name: '未到售票时间' })).toBeDisabled()
})

test('selling days a resident already holds warns with the earlier receipt and needs a reason', async ({ page }) => {
  await signIn(page, 'meals')
  await setWindow(page, ALWAYS_OPEN)
  await page.goto('/meals/sell')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(weekLabel(saleWeek))
  // 张桂兰 bought next week's Tuesday to Saturday in the demo data.
  await pickResident(page, '张桂兰')
  await expect(page.getByTestId('sell-held')).toContainText('张桂兰 已持有')
  await expect(page.getByTestId('sell-held-receipt').first()).toContainText('之前的凭证')
  await page.getByTestId(`qty-${saleTuesday}-sets`).getByRole('button', { name: '套餐 +' }).click()
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page.getByLabel('再次售票的原因（必填）')).toBeVisible()
  await expect(page.locator('.field-error', { hasText: '请写明再次售票的原因' })).toBeVisible()
  await expect(page).toHaveURL(/\/meals\/sell$/)
  await page.getByLabel('再次售票的原因（必填）').fill('女儿来探望，多买一份')
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page.getByTestId('receipt')).toBeVisible()
  const id = page.url().split('/').at(-1)!
  const sale = await (await page.request.get(`/api/meals/sales/${id}`)).json()
  expect(sale.overlap_reason).toBe('女儿来探望，多买一份')

  // The earlier receipt opens from the warning.
  await page.goto('/meals/sell')
  await pickResident(page, '张桂兰')
  await page.getByTestId('sell-held-receipt').first().click()
  await expect(page.getByTestId('receipt')).toContainText('张桂兰')
})

test('a resident allergic to peanuts is warned about 五香花生 by name, and the kitchen sheet lists the conflict', async ({ page }) => {
  await signIn(page, 'meals')
  await setWindow(page, ALWAYS_OPEN)
  await page.goto('/meals/sell')
  await pickResident(page, '周玉珍')
  await expect(page.getByTestId(`sell-conflicts-${saleMonday}`)).toContainText('五香花生 含花生，周玉珍 对花生过敏')
  await page.getByTestId(`qty-${saleMonday}-sets`).getByRole('button', { name: '套餐 +' }).click()
  await expect(page.getByTestId('sell-conflicts')).toContainText('五香花生 含花生，周玉珍 对花生过敏')
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page.getByTestId('receipt')).toBeVisible()
  await page.goto(`/meals/kitchen/${saleMonday}`)
  await expect(page.getByTestId('kitchen-conflicts')).toContainText('周玉珍')
  await expect(page.getByTestId('kitchen-conflicts')).toContainText('花生过敏：五香花生')
})

test('undoing a pickup asks first and is audited', async ({ page }) => {
  await signIn(page, 'meals')
  const day = isoWeekStart(isoWeekOf(today))!
  await page.goto(`/meals/pickup/${day}`)
  const row = page
    .locator('[data-testid^="pickup-"]')
    .filter({ has: page.getByRole('button', { name: '核销' }) })
    .first()
  await expect(row).toBeVisible()
  const testid = (await row.getAttribute('data-testid'))!
  const mine = page.getByTestId(testid)
  await mine.getByRole('button', { name: '核销' }).click()
  await expect(mine.getByRole('button', { name: /已取/ })).toBeVisible()
  await expect
    .poll(
      async () =>
        (await (await page.request.get(`/api/meals/pickups/${day}`)).json()).rows.find((r: { subscriber_id: string }) => `pickup-${r.subscriber_id}` === testid)
          .picked,
    )
    .toBe(true)

  // A second tap asks; keeping it changes nothing.
  await mine.getByRole('button', { name: /已取/ }).click()
  const dialog = page.getByTestId('sync-confirm')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('撤销会记入操作日志')
  await dialog.getByRole('button', { name: '取消' }).click()
  await expect(mine.getByRole('button', { name: /已取/ })).toBeVisible()
  await mine.getByRole('button', { name: /已取/ }).click()
  await dialog.getByRole('button', { name: '确认撤销' }).click()
  await expect(mine.getByRole('button', { name: '核销' })).toBeVisible()

  const admin = await apiSignedInAs(apiRequest, new URL(page.url()).origin, 'admin')
  await expect
    .poll(async () => ((await (await admin.get('/api/admin/audit?entity=meal_pickup')).json()) as { items: { action: string }[] }).items.map((i) => i.action))
    .toContain('undo')
  await admin.dispose()
})

test('prices typed as 3.5, 3.50, 3.5元 or ¥3.5 are understood; a wrong one names the rule', async ({ page }) => {
  await signIn(page, 'meals')
  await page.goto(`/meals/menu/${saleWeek}`)
  const rice = page.locator('#price-rice_fen')
  await expect(rice).toHaveValue('2.00')
  for (const [typed, fen] of [
    ['3.5', 350],
    ['3.60', 360],
    ['3.7元', 370],
    ['¥3.8', 380],
  ] as const) {
    await rice.fill(typed)
    await page.getByRole('button', { name: '保存价格' }).click()
    await expect.poll(async () => (await (await page.request.get(`/api/meals/prices/${saleWeek}`)).json()).rice_fen).toBe(fen)
  }
  await rice.fill('3.555')
  await page.getByRole('button', { name: '保存价格' }).click()
  await expect(page.locator('.field-error', { hasText: '最多两位小数' })).toBeVisible()
  // The chat-group post names the week by its dates.
  await expect(page.getByTestId('announcement')).toHaveValue(new RegExp(`^【${weekLabel(saleWeek)} 老年午餐菜单】`))
  await rice.fill('2')
  await page.getByRole('button', { name: '保存价格' }).click()
  await expect(page.getByText('价格已保存')).toBeVisible()
})
