// "Did the agreement work?" on a 390×844 phone: the demo 外企大厦 agreement's page shows the blocked
// share and vehicles before and after it took effect, in plain words with the 95 % interval, a weekly
// chart per measure with the change marked and the numbers as a table; fewer weeks can be chosen. Then
// the coordinator's hotspot page shows the same section around the hotspot's recorded changes.
import { createRequire } from 'node:module'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { signIn } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
// axe is injected as a script tag; the app's Content-Security-Policy (script-src 'self') would refuse it.
test.use({ bypassCSP: true })

/** Serious and critical axe violations inside `selector`. */
async function axeViolations(page: Page, selector: string) {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe
    const r = await axe.run({ include: [sel] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`)
  }, selector)
}

/** The viewport with the section's heading just below the sticky header. */
async function shoot(page: Page, section: Locator, path: string) {
  await section.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70))
  await page.screenshot({ path })
}

test('an inspector sees the demo agreement worked: blocked share and vehicles down, with intervals, charts and the table', async ({ page }) => {
  await signIn(page, 'inspector')
  await page.goto('/agreements')
  await page.getByTestId('agreement-item').filter({ hasText: '外企大厦门前车辆停放多方协议' }).click()
  const section = page.getByTestId('before-after')
  await section.scrollIntoViewIfNeeded()
  await expect(section.getByRole('heading', { name: '协议有没有用：生效前后对比' })).toBeVisible()

  const blocked = section.getByTestId('before-after-blocked')
  await expect(blocked).toHaveAttribute('data-verdict', 'decrease')
  await expect(blocked).toContainText(/封堵比例中位数下降 \d+(\.\d)? 个百分点（95% 置信区间 \d+(\.\d)?–\d+(\.\d)?）/)
  await expect(blocked).toContainText(/秩和检验（Mann–Whitney）p (= 0\.\d{3}|< 0\.001)/)
  const vehicles = section.getByTestId('before-after-vehicles')
  await expect(vehicles).toHaveAttribute('data-verdict', 'decrease')
  await expect(vehicles).toContainText(/车辆数中位数减少 \d+(\.\d)? 辆（95% 置信区间/)
  const sides = section.getByTestId('before-after-sides')
  await expect(sides).toContainText(/之前 .+：\d+ 次观测；之后 .+：\d+ 次观测/)

  // The chart: an SVG image with its title and description, bars, and the dashed line at the effective date.
  const chart = section.getByTestId('before-after-chart-blocked').locator('svg')
  await expect(chart).toBeVisible()
  await expect(chart).toHaveAttribute('role', 'img')
  await expect(chart.locator('title')).toHaveText('每周封堵比例中位数')
  await expect(chart.locator('desc')).toContainText('虚线为生效时间')
  await expect(chart.locator('.ba-chart__marker')).toHaveCount(1)
  expect(await chart.locator('rect.ba-chart__bar--before').count()).toBeGreaterThan(0)
  expect(await chart.locator('rect.ba-chart__bar--after').count()).toBeGreaterThan(0)
  const box = (await chart.boundingBox())!
  expect(box.width).toBeLessThanOrEqual(390)
  expect(box.height).toBeGreaterThan(80)

  // The same numbers as a table: four weeks each side plus the week of the change.
  await section.getByText('查看数据表').click()
  const rows = section.getByTestId('before-after-table').locator('tbody tr')
  await expect(rows).toHaveCount(9)
  await expect(rows.nth(4)).toContainText('当周')

  expect(await axeViolations(page, '[data-testid="before-after"]')).toEqual([])
  await shoot(page, section, 'test-results/before-after-agreement-390.png')

  // One week each side: three weeks in the table, and the answer is recomputed.
  const before = await sides.textContent()
  await section.getByTestId('before-after-weeks').selectOption('1')
  await expect(rows).toHaveCount(3)
  await expect(sides).not.toHaveText(before!)
  await page.setViewportSize({ width: 1280, height: 800 })
  await section.screenshot({ path: 'test-results/before-after-agreement-1280.png' })
})

test('the coordinator compares a hotspot around its recorded changes and picks another one', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  // The hotspot of the agreement is named after the building.
  const res = await page.request.get('/api/patrol/hotspots?limit=50')
  const items = ((await res.json()) as { items: { id: string; landmark: string; agreement: { title: string } | null; sighting_count: number }[] }).items
  const hotspot = items.filter((h) => h.agreement?.title.startsWith('外企大厦')).sort((a, b) => b.sighting_count - a.sighting_count)[0]!
  await page.goto(`/coordinator/hotspots/${hotspot.id}`)
  const section = page.getByTestId('before-after')
  await expect(section.getByRole('heading', { name: '变化有没有用：前后对比' })).toBeVisible()
  const change = section.getByTestId('before-after-change')
  await expect(change.locator('option')).not.toHaveCount(0)
  const agreed = change.locator('option', { hasText: '状态改为「协议治理中」' })
  await change.selectOption((await agreed.getAttribute('value'))!)
  await expect(section.getByTestId('before-after-vehicles')).toHaveAttribute('data-verdict', 'decrease')
  await expect(section.getByTestId('before-after-chart-vehicles').locator('desc')).toContainText('虚线为变化时间')
  expect(await axeViolations(page, '[data-testid="before-after"]')).toEqual([])
  await section.scrollIntoViewIfNeeded()
  await section.screenshot({ path: 'test-results/before-after-hotspot-1280.png' })
  await page.setViewportSize({ width: 390, height: 844 })
  await shoot(page, section, 'test-results/before-after-hotspot-390.png')
})
