// Meals on a 390×844 phone: the meals user opens the week's menu, sells a ticket inside the window and
// finds it on the kitchen sheet; a sale outside the window is refused with its reason; pickup
// check-offs made offline survive a reload and reach the server when the network returns.
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './support/helpers.ts'
import { businessDate, isoWeekday, isoWeekOf, isoWeekStart } from '#domain/time.ts'
import { nextIsoWeek } from '#domain/meals/window.ts'
import { weekLabel } from '#domain/meals/week-label.ts'

// The server clock is real here, so the test opens (and later closes) the window through the
// configurable window times instead of waiting for Monday.
const ALWAYS_OPEN = { opens_weekday: 1, opens_time: '00:00', closes_weekday: 7, closes_time: '23:59' }
const DEFAULT = { opens_weekday: 1, opens_time: '10:00', closes_weekday: 4, closes_time: '20:00' }

async function setWindow(page: Page, body: typeof DEFAULT) {
  const res = await page.request.put('/api/meals/settings', { data: body })
  expect(res.status()).toBe(200)
}

async function kitchenSets(page: Page, date: string): Promise<number> {
  await page.goto(`/meals/kitchen/${date}`)
  const cell = page.getByTestId('kitchen-sets')
  await expect(cell.or(page.getByText('当天没有售出的餐券'))).toBeVisible()
  return (await cell.count()) ? Number(await cell.locator('dd').innerText()) : 0
}

/** Chooses a demo resident by name; those named here hold no tickets for next week in the demo data. */
async function pickResident(page: Page, name: string) {
  const option = page.getByTestId('sell-subscriber').locator('option', { hasText: name })
  await page.getByTestId('sell-subscriber').selectOption((await option.getAttribute('value'))!)
}

/** Waits for the service worker, then reloads so it controls the page (offline reloads need it). */
async function underServiceWorker(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await page.reload()
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
}

const today = businessDate(new Date())
const saleWeek = nextIsoWeek(isoWeekOf(today))
const saleMonday = isoWeekStart(saleWeek)!

test.afterEach(async ({ page }) => {
  await setWindow(page, DEFAULT).catch(() => undefined)
})

test('meals staff open the menu, sell a ticket and see it on the kitchen sheet', async ({ page }) => {
  await signIn(page, 'meals')
  await expect(page).toHaveURL(/\/meals$/)
  await setWindow(page, ALWAYS_OPEN)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: '助餐' })).toBeVisible()
  await expect(page.getByTestId('meals-window')).toContainText(`正在售票：${weekLabel(saleWeek)}`)
  await expect(page.locator(`[data-date="${saleMonday}"]`).first()).toContainText('荤菜')

  const before = await kitchenSets(page, saleMonday)

  await page.getByRole('link', { name: '售票', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(weekLabel(saleWeek))
  await pickResident(page, '王淑珍')
  await page.getByTestId(`qty-${saleMonday}-sets`).getByRole('button', { name: '套餐 +' }).click()
  await page.getByTestId(`qty-${saleMonday}-buns`).getByRole('button', { name: '馒头（个） +' }).click()
  await expect(page.getByTestId('sell-total')).toHaveText('¥40.00')
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page.getByTestId('receipt')).toBeVisible()
  await expect(page.getByTestId('receipt-total')).toHaveText('¥40.00')

  expect(await kitchenSets(page, saleMonday)).toBe(before + 1)
  await expect(page.getByTestId('kitchen-bun_pairs')).toBeVisible()
})

test('a sale outside the window is refused with the window named, and nothing is recorded', async ({ page }) => {
  await signIn(page, 'meals')
  await setWindow(page, ALWAYS_OPEN)
  await page.goto('/meals/sell')
  await pickResident(page, '刘玉兰')
  await page.getByTestId(`qty-${saleMonday}-sets`).getByRole('button', { name: '套餐 +' }).click()
  const before = await (await page.request.get(`/api/meals/kitchen/${saleMonday}`)).json()
  // The office closes the window while the form is open: the server's clock and settings decide.
  const closed =
    isoWeekday(today) === 1 ? { ...DEFAULT, opens_weekday: 2, closes_weekday: 3 } : { ...DEFAULT, opens_time: '00:00', closes_time: '00:01', closes_weekday: 1 }
  await setWindow(page, closed)
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page.getByTestId('sell-refusal')).toContainText('售票时间为每周')
  const after = await (await page.request.get(`/api/meals/kitchen/${saleMonday}`)).json()
  expect(after.totals.sets).toBe(before.totals.sets)
})

test('a sale recorded offline and synced after the window closed is refused and stays visible with the reason', async ({ page, context }) => {
  await signIn(page, 'meals')
  await setWindow(page, ALWAYS_OPEN)
  await page.goto('/meals/sell')
  await underServiceWorker(page)
  // The counter loses its network; the form reopens from the device's cache.
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('sell-stale')).toBeVisible()
  await pickResident(page, '杨桂芝')
  await page.getByTestId(`qty-${saleMonday}-sets`).getByRole('button', { name: '套餐 +' }).click()
  await page.getByRole('button', { name: '确认售票' }).click()
  await expect(page).toHaveURL(/\/meals\/sales$/)
  await expect(page.getByTestId('queued-sales')).toContainText('离线记录')
  // While the phone was offline, Thursday closing passed (here: the office closed the window).
  const closed =
    isoWeekday(today) === 1 ? { ...DEFAULT, opens_weekday: 2, closes_weekday: 3 } : { ...DEFAULT, opens_time: '00:00', closes_time: '00:01', closes_weekday: 1 }
  await setWindow(page, closed)
  await context.setOffline(false)
  await expect(page.getByTestId('queued-sales')).toContainText('服务器拒绝：售票时间为每周')
  await page.reload()
  await expect(page.getByTestId('queued-sales')).toContainText('服务器拒绝')
})

test('pickup check-offs made offline survive a reload and reach the server when back online', async ({ page, context }) => {
  await signIn(page, 'meals')
  // Monday of this week always has seeded tickets (the demo closes Sundays).
  const day = isoWeekStart(isoWeekOf(today))!
  await page.goto(`/meals/pickup/${day}`)
  await underServiceWorker(page)
  const row = page
    .locator('[data-testid^="pickup-"]')
    .filter({ has: page.getByRole('button', { name: '核销' }) })
    .first()
  await expect(row).toBeVisible()
  const testid = (await row.getAttribute('data-testid'))!
  const subscriberId = testid.replace('pickup-', '')

  await context.setOffline(true)
  await row.getByRole('button', { name: '核销' }).click()
  await expect(page.getByTestId(testid)).toContainText('离线记录')
  await page.reload()
  await expect(page.getByTestId('pickup-offline')).toBeVisible()
  await expect(page.getByTestId(testid).getByRole('button', { name: /已取/ })).toBeVisible()
  await expect(page.getByTestId('pickup-waiting')).toContainText('1 条待上传')

  await context.setOffline(false)
  await expect(page.getByTestId('pickup-waiting')).toHaveCount(0)
  const list = await (await page.request.get(`/api/meals/pickups/${day}`)).json()
  expect(list.rows.find((r: { subscriber_id: string }) => r.subscriber_id === subscriberId).picked).toBe(true)
})

test('meals staff draft and publish a week; a later change needs a note and is listed as a change', async ({ page }) => {
  await signIn(page, 'meals')
  const week = nextIsoWeek(saleWeek) // not seeded: starts empty
  await page.goto(`/meals/menu/${week}`)
  await expect(page.getByTestId('menu-status')).toHaveText('未编制')
  const selects = page.locator('fieldset.meals-menu__day select')
  await expect(selects).toHaveCount(35)
  for (let i = 0; i < 35; i++) await selects.nth(i).selectOption({ index: 1 + (i % 2) })
  await page.getByRole('button', { name: '保存菜单' }).click()
  await expect(page.getByTestId('menu-status')).toHaveText('草稿')
  await page.getByRole('button', { name: '发布' }).click()
  await expect(page.getByTestId('menu-status')).toHaveText('已发布')
  await expect(page.getByTestId('announcement')).toHaveValue(new RegExp(`【${weekLabel(week)} 老年午餐菜单】`))

  // Published: closing Sunday needs a note beside the field, then shows as a change.
  await page.locator('fieldset.meals-menu__day').nth(6).getByLabel('停餐').check()
  await page.getByRole('button', { name: '保存菜单' }).click()
  await expect(page.locator('.field-error')).toHaveText('菜单已发布，修改须填写说明')
  await page.locator('#menu-note').fill('周日休息，停餐一天')
  await page.getByRole('button', { name: '保存菜单' }).click()
  await expect(page.getByText('周日休息，停餐一天')).toBeVisible()
})

test('residents see the menu, prices and window without signing in', async ({ page }) => {
  await page.goto('/public/meals')
  await expect(page.getByRole('heading', { level: 1, name: '老年午餐' })).toBeVisible()
  await expect(page.getByTestId(`public-week-${saleWeek}`)).toContainText('套餐 ¥38.00/套')
  await expect(page.getByText('广泉社区老年餐取餐点')).toBeVisible()
  await expect(page.getByTestId('current-user')).toHaveCount(0)
})
