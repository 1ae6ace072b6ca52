// The monthly brief end to end: the coordinator's home card, the brief page on a phone and a desktop,
// printed to an A4 PDF in Chromium (1–4 pages, every section heading, no table cut by a page break),
// the .docx read back with mammoth carrying the page's figures, a number opening its list, and a
// month in the future answered with a message instead of an error page.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'
import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'
import { addMonths, monthOf } from '#domain/brief/brief.ts'
import { signIn } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'
import { readableText } from './support/pdf-text.ts'

const lastMonth = addMonths(monthOf(new Date()), -1)
const SECTIONS = ['巡查与停放治理', '老年餐', '便民服务窗口']
const require = createRequire(import.meta.url)
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

async function seriousAxe(page: Page) {
  // Through the debugging protocol, so the app's Content Security Policy stays as it is.
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (el: Element) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe
    const r = await axe.run(document.querySelector('main') ?? document.body)
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`)
  })
  expect(violations).toEqual([])
}

async function openBrief(page: Page, month: string) {
  await page.goto(`/brief?month=${month}`)
  await expect(page.getByTestId('brief-title')).toContainText(`${Number(month.slice(5))}月工作月报`)
}

test('the coordinator reads the month at a glance and opens the brief', async ({ page }) => {
  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  const card = page.getByTestId('brief-glance')
  await expect(card.getByTestId('glance-patrol-reports')).toBeVisible()
  await expect(card.getByTestId('glance-counter-visits')).toBeVisible()
  await page.screenshot({ path: 'test-results/brief-glance.png' })
  await card.getByTestId('brief-glance-open').click()
  await expect(page).toHaveURL(/\/brief$/)
  await expect(page.getByTestId('brief-cutoff')).toContainText('数据截至')
  await expect(page.getByTestId('brief-cutoff')).toContainText('本月尚未结束')
})

test('the brief prints to 1–4 A4 pages with every section and no cut table, and its .docx carries the same figures', async ({ page }) => {
  await signedInAs(page, 'coordinator')
  await openBrief(page, lastMonth)
  for (const title of SECTIONS) await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible()
  await expect(page.getByTestId('brief-table-worst_hotspots')).toBeVisible()
  await seriousAxe(page)
  await page.screenshot({ path: 'test-results/brief-phone.png', fullPage: false })

  // The figures as the page shows them, by label, per section.
  const shown: Record<string, string[]> = {}
  for (const row of await page.locator('[data-testid^="brief-figure-"]').all()) {
    const label = (await row.locator('th').innerText()).trim()
    shown[label] = [(await row.getByTestId('brief-value').innerText()).trim()]
  }
  expect(Object.keys(shown).length).toBeGreaterThan(15)

  await page.setViewportSize({ width: 1280, height: 800 })
  await page.screenshot({ path: 'test-results/brief-desktop.png', fullPage: false })

  // Print to PDF, A4, as the office would.
  await page.emulateMedia({ media: 'print' })
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
  await test.info().attach('brief.pdf', { body: pdf, contentType: 'application/pdf' })
  const doc = await getDocumentProxy(new Uint8Array(pdf))
  const { totalPages, text } = await extractText(doc, { mergePages: false })
  expect(totalPages).toBeGreaterThanOrEqual(1)
  expect(totalPages).toBeLessThanOrEqual(4)
  const pages = (text as string[]).map(readableText)
  const all = pages.join('')
  for (const title of SECTIONS) expect(all).toContain(title)
  expect(all).toContain('数据截至')
  // No table is cut: each table's header and its last row print on the same page.
  const tables = await page.locator('table').evaluateAll((ts) =>
    ts.map((t) => {
      const rows = [...t.querySelectorAll('tr')]
      // A whole row's text (photo cells say 无照片, sparklines say nothing), so equal first cells cannot pass for each other.
      const text = (r: Element | undefined) => [...(r?.querySelectorAll('th, td') ?? [])].map((c) => (c as HTMLElement).innerText).join('')
      return { head: text(rows[0]), second: text(rows[1]), last: text(rows.at(-1)) }
    }),
  )
  expect(tables.length).toBeGreaterThanOrEqual(5)
  for (const t of tables.map((x) => ({ head: readableText(x.head), second: readableText(x.second), last: readableText(x.last) }))) {
    const at = pages.findIndex((p) => p.includes(t.head) && p.includes(t.second) && p.includes(t.last))
    expect(at, `table "${t.head}" … "${t.last}" on one page`).toBeGreaterThanOrEqual(0)
  }
  await page.emulateMedia({ media: 'screen' })

  // The .docx, parsed back: each figure's label is followed by the same value as on the page.
  const res = await page.request.get(`/api/brief/brief.docx?month=${lastMonth}`)
  expect(res.status()).toBe(200)
  const lines = (await mammoth.extractRawText({ buffer: await res.body() })).value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  for (const title of SECTIONS) expect(lines).toContain(title)
  for (const [label, [value]] of Object.entries(shown)) {
    const at = lines.indexOf(label)
    expect(at, label).toBeGreaterThan(-1)
    expect(lines[at + 1]?.startsWith(value!), `${label}: docx ${lines[at + 1]} vs page ${value}`).toBe(true)
  }
})

test('a number opens the filtered list behind it, and a month in the future gets a message', async ({ page }) => {
  await signedInAs(page, 'coordinator')
  await openBrief(page, lastMonth)
  await page.getByTestId('brief-figure-patrol-reports').getByTestId('brief-value').click()
  await expect(page).toHaveURL(new RegExp(`/coordinator\\?from=${lastMonth}-01&to=${lastMonth}-\\d\\d`))
  await expect(page.getByTestId('coordinator-map')).toBeVisible()

  await page.goto(`/brief?month=${addMonths(monthOf(new Date()), 2)}`)
  await expect(page.getByTestId('brief-error')).toContainText('该月份尚未开始，暂无月报')
  await expect(page.getByTestId('brief-month')).toBeVisible()
})

test('meals staff see only the meals section of their brief', async ({ page }) => {
  await signIn(page, 'meals')
  await openBrief(page, lastMonth)
  await expect(page.getByTestId('brief-page').getByRole('heading', { level: 2 })).toHaveText(['老年餐'])
  await seriousAxe(page)
})
