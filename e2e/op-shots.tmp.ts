import { chromium } from 'playwright-core'
import { freshDemoCode } from '../api/test-support/demo-codes.ts'
const BASE = 'http://localhost:8802'
const ARGS = ['--no-sandbox', '--disable-gpu']
async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })
  for (const [w, h, tag] of [[390, 844, 'phone'], [1280, 800, 'desktop']] as const) {
    for (const user of ['operator', 'coordinator']) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      const page = await ctx.newPage()
      await page.goto(`${BASE}/login`)
      await page.locator('#username').fill(user)
      await page.locator('#password').fill('lastmile-demo')
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByTestId('current-user').or(page.getByTestId('second-factor')).first().waitFor({ state: 'attached' })
      if (await page.getByTestId('second-factor').isVisible()) {
        await page.locator('#totp-code').fill(await freshDemoCode(user))
        await page.getByRole('button', { name: '验证' }).click()
      }
      await page.getByTestId('current-user').waitFor({ state: 'attached' })
      if (user === 'operator') {
        await page.goto(`${BASE}/operator`)
        await page.waitForTimeout(1500)
        await page.screenshot({ path: `/tmp/op-${tag}-tasks.png`, fullPage: true })
        await page.getByTestId('operator-task').first().click()
        await page.waitForTimeout(1200)
        await page.screenshot({ path: `/tmp/op-${tag}-task.png`, fullPage: true })
        await page.goto(`${BASE}/operator/commitments`)
        await page.waitForTimeout(1200)
        await page.screenshot({ path: `/tmp/op-${tag}-commitments.png`, fullPage: true })
      } else {
        const list = (await (await page.request.get(`${BASE}/api/patrol/agreements?status=active`)).json()) as { id: string }[]
        await page.goto(`${BASE}/agreements/${list[0]!.id}`)
        await page.waitForTimeout(2500)
        await page.screenshot({ path: `/tmp/op-${tag}-agreement.png`, fullPage: true })
        await page.goto(`${BASE}/agreements/${list[0]!.id}/edit`)
        await page.waitForTimeout(2000)
        await page.getByTestId('commitment-2').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `/tmp/op-${tag}-agreement-edit.png` })
      }
      await ctx.close()
    }
  }
  await browser.close()
}
void main()
