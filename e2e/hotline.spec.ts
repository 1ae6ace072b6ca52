// 12345 work orders, on a 390×844 phone and on a desktop: the coordinator uploads the hotline's export,
// reads the preview's row report (a bad date, a duplicate order number), imports the readable file,
// sees that the same file again adds nothing, then links an order to a hotspot and records the reply
// and the callback satisfaction. Every page is checked with axe (no serious or critical violation).
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { signedInAs } from './support/sessions.ts'

// axe is injected as a script; the app's CSP (script-src 'self') would refuse it.
test.use({ bypassCSP: true })

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const SHOTS = process.env.HOTLINE_SHOTS

/** axe over the page's own content (the app shell around it is not this module's). */
async function axeClean(page: Page) {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    const r = await axe.run({ include: [['section.page']] } as unknown as Document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  expect(violations).toEqual([])
}

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workorders-${name}.png`, fullPage: false })
}

const HEADER = ['工单编号', '受理时间', '问题分类', '问题地址', '诉求内容', '办结时限', '来电号码', '承办单位']
/** Received yesterday in Beijing time, so the deadline is ahead. */
function beijing(offsetHours: number) {
  const d = new Date(Date.now() + 8 * 3_600_000 + offsetHours * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
const csv = (rows: string[][]) =>
  ['12345工单导出', HEADER.join(','), ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\r\n')

async function openOrderAndHandle(page: Page, orderNo: string, layout: 'phone' | 'desktop') {
  await page.goto('/hotline')
  await page.getByLabel('搜索').fill(orderNo)
  await page.getByRole('button', { name: '搜索' }).click()
  await page.getByTestId('order-list').getByTestId(`order-${orderNo}`).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(orderNo)
  await expect(page.getByTestId('countdown')).toContainText(/剩余/)
  await axeClean(page)
  await shot(page, `order-${layout}`)

  await page.getByLabel('关联类型').selectOption({ label: '热点' })
  const target = page.getByLabel('关联对象')
  await expect(target.locator('option')).not.toHaveCount(1)
  const first = await target.locator('option').nth(1).textContent()
  await target.selectOption({ index: 1 })
  await page.getByRole('button', { name: '保存关联' }).click()
  await expect(page.getByTestId('order-link')).toHaveText(`热点：${first!.trim()}`)

  await expect(page.getByRole('button', { name: '记录满意度' })).toBeDisabled()
  await page.getByLabel('答复内容').fill('已联系运营企业清理车辆，并安排巡查复查。')
  await page.getByRole('button', { name: '记录答复' }).click()
  await expect(page.getByTestId('order-notice')).toHaveText('答复已记录')
  await expect(page.getByTestId('order-state')).toHaveText('已按时答复')

  await page.getByLabel('满意', { exact: true }).check()
  await page.getByRole('button', { name: '记录满意度' }).click()
  await expect(page.getByTestId('order-notice')).toHaveText('满意度已记录')
  await page.reload()
  await expect(page.getByLabel('满意', { exact: true })).toBeChecked()
  await expect(page.getByTestId('order-link')).toContainText('热点')
  await axeClean(page)
}

test('phone: a coordinator previews a CSV with a bad row and a duplicate, imports the fixed file once, and handles an order', async ({ page }) => {
  const stamp = String(Date.now()).slice(-7)
  const no = (n: number) => `P${stamp}${n}`
  const good = [
    [no(1), beijing(-20), '市容环境', '示例小区东门', '共享单车堆放影响通行', '72小时', '13812345678', '双井街道'],
    [no(2), beijing(-5), '噪声扰民', '示例路12号', '夜间施工噪声', beijing(60), '', '双井街道'],
  ]
  const bad = [
    ...good,
    [no(3), '2026-13-45 10:00', '其他', '示例', '日期写错的工单', beijing(30), '', ''],
    [no(1), beijing(-3), '其他', '示例', '重复的工单', beijing(30), '', ''],
  ]

  await signedInAs(page, 'coordinator')
  await page.goto('/hotline')
  await expect(page.getByRole('heading', { level: 1, name: '接诉即办' })).toBeVisible()
  const due = page.getByTestId('due-list')
  await expect(due.getByTestId('order-DEMO-20260002')).toContainText('已超期')
  await expect(due.getByTestId('order-DEMO-20260001').getByTestId('countdown')).toContainText(/剩余 \d+ 小时/)
  await axeClean(page)
  await shot(page, 'list-phone')

  await page.getByRole('link', { name: '导入工单' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '导入 12345 工单' })).toBeVisible()
  await page.getByLabel('工单文件').setInputFiles({ name: '12345-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(bad)) })
  await expect(page.getByTestId('import-summary')).toHaveText('共 4 行：新工单 2 条，已导入过 0 条，无法读取 2 处')
  const errors = page.getByTestId('import-errors')
  await expect(errors.locator('tbody tr').nth(0).locator('td')).toHaveText(['5', '受理时间', '受理时间无法识别，应写作 2026-11-03 09:12'])
  await expect(errors.locator('tbody tr').nth(1).locator('td')).toHaveText(['6', '工单编号', '工单编号在本文件中重复出现（第 3 行已有）'])
  await expect(page.getByTestId('import-commit')).toBeDisabled()
  await axeClean(page)
  await shot(page, 'import-phone')

  await page.getByLabel('工单文件').setInputFiles({ name: '12345-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(good)) })
  await expect(page.getByTestId('import-summary')).toHaveText('共 2 行：新工单 2 条，已导入过 0 条，无法读取 0 处')
  await page.getByTestId('import-commit').click()
  await expect(page.getByTestId('import-result')).toContainText('已导入 2 条工单')

  await page.getByLabel('工单文件').setInputFiles({ name: '12345-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(good)) })
  await expect(page.getByTestId('import-summary')).toHaveText('共 2 行：新工单 0 条，已导入过 2 条，无法读取 0 处')
  await expect(page.getByTestId('nothing-new')).toBeVisible()
  await expect(page.getByTestId('import-commit')).toBeDisabled()

  await openOrderAndHandle(page, no(1), 'phone')
})

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false })

  test('a coordinator imports the .xlsx export and handles an order', async ({ page }) => {
    const stamp = String(Date.now()).slice(-7)
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('工单')
    sheet.addRow(HEADER)
    const received = new Date(Date.now() + 8 * 3_600_000 - 10 * 3_600_000) // an Excel date cell holds the Beijing wall clock
    sheet.addRow([`X${stamp}1`, received, '市容环境', '示例地铁站出口', '非机动车占用盲道', '3天', '13900001111', '双井街道'])
    sheet.addRow([`X${stamp}2`, received, '公共设施', '示例公园', '路灯不亮', '48小时', '', '双井街道'])
    const buffer = Buffer.from(await book.xlsx.writeBuffer())

    await signedInAs(page, 'coordinator')
    await page.goto('/hotline')
    await expect(page.getByTestId('due-list')).toBeVisible()
    await shot(page, 'list-desktop')
    await page.getByRole('link', { name: '导入工单' }).click()
    await page
      .getByLabel('工单文件')
      .setInputFiles({ name: '12345.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
    await expect(page.getByTestId('import-summary')).toHaveText('共 2 行：新工单 2 条，已导入过 0 条，无法读取 0 处')
    await expect(page.getByTestId('import-new')).toContainText(`X${stamp}1`)
    await expect(page.getByTestId('import-preview')).toContainText('Excel .xlsx')
    await axeClean(page)
    await shot(page, 'import-desktop')
    await page.getByTestId('import-commit').click()
    await expect(page.getByTestId('import-result')).toContainText('已导入 2 条工单')

    await openOrderAndHandle(page, `X${stamp}1`, 'desktop')
    await expect(page.getByText('139****1111')).toBeVisible()
  })
})
