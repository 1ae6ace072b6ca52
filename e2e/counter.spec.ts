// Counter on a 390×844 phone: a resident finds a matter by pinyin initials and opens its printable
// checklist with a QR code; a duty worker logs a visit and a return visit, then sees next week's
// coverage gaps, conflicts and the suggested training.
import { expect, test } from '@playwright/test'
import { signIn } from './support/helpers.ts'

test('a resident searches “yl” without signing in and opens a large-print checklist that prints cleanly', async ({ page }) => {
  await page.goto('/public/guides')
  await expect(page.getByRole('heading', { level: 1, name: '办事指南' })).toBeVisible()
  await page.getByLabel('搜索事项').fill('yl')
  const results = page.getByTestId('guide-results')
  await expect(results.getByText('城乡居民养老保险参保登记')).toBeVisible()
  await expect(results.getByText('养老助残卡申领')).toBeVisible()
  await expect(results.getByText('残疾人证办理')).toHaveCount(0)
  await results.getByText('城乡居民养老保险参保登记').click()

  await expect(page).toHaveURL(/\/public\/guides\/SB-01$/)
  await expect(page.getByRole('heading', { level: 1, name: '城乡居民养老保险参保登记' })).toBeVisible()
  const materials = page.getByTestId('materials')
  await expect(materials).toContainText('居民身份证')
  await expect(materials).toContainText('户口簿')
  await expect(materials).toContainText('原件和复印件')
  await expect(page.getByTestId('checklist-qr').locator('svg')).toBeVisible()
  // Desk-only hints never reach the public page.
  await expect(page.locator('body')).not.toContainText('系统每月25日后')
  // The body text is large print on a phone.
  const size = await materials.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(19)

  await page.emulateMedia({ media: 'print' })
  await expect(page.getByTestId('print')).toBeHidden()
  await expect(page.getByRole('link', { name: /返回办事指南/ })).toBeHidden()
  await expect(page.getByTestId('checklist-qr')).toBeVisible()
  await expect(materials).toBeVisible()
  const pdf = await page.pdf({ format: 'A4' }).catch(() => null) // headless Chromium prints; a headed one may not
  if (pdf) expect(pdf.byteLength).toBeGreaterThan(1000)
})

test('a counter worker logs a visit and a return visit, then sees next week’s coverage gaps and suggested training', async ({ page }) => {
  await signIn(page, 'counter')
  await expect(page).toHaveURL(/\/counter$/)
  await expect(page.getByRole('heading', { level: 1, name: '窗口服务台' })).toBeVisible()

  const phone = `139${String(Date.now()).slice(-8)}`
  async function logVisit(outcome: string, note?: string) {
    await page.getByLabel('搜索办事指南').fill('cjr')
    await expect(page.getByTestId('desk-results').getByText('残疾人证办理')).toBeVisible()
    await page.getByRole('button', { name: '办理事项 + 残疾人证办理' }).click()
    const form = page.getByTestId('visit-form')
    await expect(form.getByTestId('visit-matters')).toContainText('残疾人证办理')
    await form.getByText(outcome, { exact: true }).click()
    if (note) await form.getByLabel('原因/备注').fill(note)
    await form.getByLabel('居民手机号（可选）').fill(phone)
    // A phone is kept only with the resident's consent, ticked once it is typed.
    await form.getByTestId('visit-consent').check()
    await form.getByRole('button', { name: '登记' }).click()
  }

  // Refused on the device first: no matter chosen.
  await page.getByTestId('visit-form').getByRole('button', { name: '登记' }).click()
  await expect(page.locator('[data-field="visit-matters"]')).toHaveText('请至少选择一个办理事项')

  await logVisit('需再次来访', '缺2寸照片')
  await expect(page.getByTestId('visit-message')).toHaveText('已登记')
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
  await expect(page.getByTestId('visits-today')).toContainText(masked)

  await logVisit('办结')
  await expect(page.getByTestId('visit-message')).toHaveText('已登记 · 重复来访')
  await expect(page.getByTestId('visits-today').getByText('重复来访').first()).toBeVisible()

  await page.goto('/counter/roster')
  await expect(page.getByRole('heading', { level: 1, name: '排班与覆盖' })).toBeVisible()
  await expect(page.getByTestId('score-handle')).toHaveText(/\d+%/)
  await expect(page.getByTestId('conflicts')).toContainText('刘晓燕 休假期间被排班')
  await expect(page.getByTestId('suggestions').locator('li').first()).toContainText('学习「')
})

test('a visit logged while the desk is offline is kept on the device and reaches the server once back online', async ({ page, context }) => {
  await signIn(page, 'counter')
  await expect(page.getByTestId('desk-results').locator('li').first()).toBeVisible()
  const phone = `137${String(Date.now()).slice(-8)}`
  await context.setOffline(true)
  await page.getByLabel('搜索办事指南').fill('gljt')
  await page.getByRole('button', { name: '办理事项 + 高龄津贴申领' }).click()
  const form = page.getByTestId('visit-form')
  await form.getByText('一次告知', { exact: true }).click()
  await form.getByLabel('居民手机号（可选）').fill(phone)
  await form.getByTestId('visit-consent').check()
  await form.getByRole('button', { name: '登记' }).click()
  await expect(page.getByTestId('visit-message')).toHaveText('网络不通：已保存在本机，联网后自动上传')
  await expect(page.getByTestId('visits-today')).toContainText('待上传')
  await context.setOffline(false)
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
  await expect
    .poll(async () => page.evaluate(async (m) => JSON.stringify(await (await fetch('/api/counter/visits')).json()).includes(m), masked), { timeout: 20_000 })
    .toBe(true)
})
