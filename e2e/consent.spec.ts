// Residents' consent on a 390×844 phone: the meals staff register a resident with consent, are stopped at
// the field when recording allergies without the health consent, print/download the resident's own
// data, and withdraw everything; the pages are axe-clean (no serious or critical issue).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './support/helpers.ts'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

async function expectAxeClean(page: Page) {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline tag.
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    // The page's own content; the shell's header is outside this feature.
    const r = await axe.run(document.querySelector('section.page') ?? document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  expect(violations).toEqual([])
}

test('meals staff register a resident with consent, are refused health data without it, export the resident’s data and withdraw', async ({ page }) => {
  const name = '同意测试居民'
  await signIn(page, 'meals')
  await page.goto('/meals/subscribers')
  await expect(page.getByTestId('subscriber-row').first()).toBeVisible()

  // Register with the service consent and an allergy, but without the health consent: stopped at the field.
  await page.locator('#sub-name').fill(name)
  await page.locator('#sub-phone').fill('13912340077')
  await page.locator('#sub-building').fill('5号楼2单元')
  await page.getByTestId('consent-service').check()
  await page.getByTestId('sub-restrictions').getByLabel('花生').check()
  await page.getByRole('button', { name: '保存' }).click()
  await expect(page.getByTestId('sub-restrictions').locator('.field-error')).toHaveText('记录过敏和饮食禁忌需居民单独同意：请勾选“健康信息同意”，或清空此项')
  await expect(page.getByTestId('subscriber-row').filter({ hasText: name })).toHaveCount(0)
  await expectAxeClean(page)

  // With the health consent ticked it is saved, with who explained it.
  await page.getByTestId('consent-health').check()
  await page.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText(`已登记 ${name}`)).toBeVisible()
  const row = page.getByTestId('subscriber-row').filter({ hasText: name })
  await expect(row).toBeVisible()
  await expect(row.getByTestId('consent-missing')).toHaveCount(0)

  // The resident asks for their data: the printable copy, and a plain-text download.
  await row.getByRole('link', { name: '个人信息副本' }).click()
  const copy = page.getByTestId('resident-export')
  await expect(copy.getByRole('heading', { name: `居民个人信息副本：${name}` })).toBeVisible()
  await expect(copy).toContainText('13912340077')
  await expect(copy).toContainText('花生')
  await expect(copy).toContainText('助餐服务（姓名、手机号、住址、出生日期）')
  await expectAxeClean(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-txt').click()])
  const text = readFileSync((await download.path())!, 'utf8')
  expect(text).toContain(`姓名：${name}`)
  expect(text).toContain('过敏与饮食禁忌：花生')
  expect(text).not.toContain('dietary_restrictions')

  // The resident withdraws everything: told what happens, confirmed, anonymised.
  await page.getByRole('link', { name: '返回居民列表' }).click()
  const again = page.getByTestId('subscriber-row').filter({ hasText: name })
  await again.getByRole('button', { name: '撤回同意' }).click()
  const panel = page.getByTestId('withdraw-panel')
  await expect(panel.getByLabel('全部撤回（信息匿名化）')).toBeChecked()
  await expect(panel).toContainText('购票、取餐记录和各项统计保留')
  await expectAxeClean(page)
  await panel.getByRole('button', { name: '确认撤回' }).click()
  await expect(page.getByTestId('withdrawn')).toHaveText('已撤回。')
  await expect(page.getByTestId('subscriber-row').filter({ hasText: name })).toHaveCount(0)
})

test('a resident with tickets to collect is told they stay valid under an anonymous pickup code before the withdrawal', async ({ page }) => {
  await signIn(page, 'meals')
  await page.goto('/meals/subscribers')
  const rows = page.getByTestId('subscriber-row')
  await expect(rows.first()).toBeVisible()
  // Demo residents hold this week's or next week's tickets; find one with tickets still to collect.
  for (let i = 0; i < 6; i++) {
    const r = rows.nth(i)
    await r.getByRole('button', { name: '撤回同意' }).click()
    const panel = page.getByTestId('withdraw-panel')
    await expect(panel.getByRole('button', { name: '确认撤回' })).toBeEnabled()
    if (await panel.getByTestId('withdraw-pending').count()) break
    await panel.getByRole('button', { name: '取消' }).click()
  }
  const panel = page.getByTestId('withdraw-panel')
  await expect(panel.getByTestId('withdraw-pending')).toContainText('这些餐票仍然有效，不退款')
  await panel.getByRole('button', { name: '确认撤回' }).click()
  await expect(panel.getByRole('alert')).toBeVisible()
  await panel.getByLabel('已向居民说明餐票的处理方式，并会把取餐码交给居民').check()
  await panel.getByRole('button', { name: '确认撤回' }).click()
  await expect(page.getByTestId('withdrawn')).toHaveText(/已撤回。请把匿名取餐码 \d{6} 写给居民，凭码取餐。/)
})

test('the consent pages at 390×844 and 1280×800 (screenshots under test-results/)', async ({ page }) => {
  await signIn(page, 'meals')
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.goto('/meals/subscribers')
    await expect(page.getByTestId('sub-consent')).toBeVisible()
    await page.getByTestId('sub-consent').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `test-results/consent-subscribers-${w}.png` })
    await page.getByTestId('subscriber-row').first().getByRole('link', { name: '个人信息副本' }).click()
    await expect(page.getByTestId('resident-export')).toBeVisible()
    await page.screenshot({ path: `test-results/consent-export-${w}.png`, fullPage: w > 400 })
  }
})
