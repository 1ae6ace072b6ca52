// The admin's side of operators on a 390×844 phone: a new operator account is linked to 单车B; 单车A's
// webhook refuses an http:// address and a private one with their reasons beside the field, takes an
// https one and shows its signing secret once (copy button, how to verify); the delivery log lists the
// seeded deliveries and filters by status and operator. Each screen is also saved at 1280×800.
import { expect, test, type Page } from '@playwright/test'
import { uuidv7 } from '../api/domain/ids.ts'
import { signedInAs } from './support/sessions.ts'

const run = Date.now().toString(36)
const SHOTS = 'test-results/operator-admin'

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
}

test('the admin links an operator account, sets a webhook (refused first), sees the secret once and reads the delivery log', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  await signedInAs(page, 'admin')

  // A new field manager's account, made by the admin (role operator): not linked yet.
  const username = `op-${run}`
  const created = await page.request.post('/api/admin/users', {
    headers: { origin: baseURL! },
    data: { id: uuidv7(), username, display_name: '新运维', role: 'operator', password: `Yunwei-${run}-east7`, community_ids: [] },
  })
  expect(created.status(), await created.text()).toBe(201)

  // The users page points an operator's row to the links.
  await page.goto('/admin')
  await page.getByTestId('users-table').getByRole('row').filter({ hasText: username }).getByRole('link', { name: '运营方账号' }).click()
  await expect(page).toHaveURL(/\/admin\/operators$/)
  await expect(page.getByRole('heading', { name: '运营方账号' })).toBeVisible()
  await expect(page.getByTestId('account-operator').getByTestId('account-party')).toHaveText('单车A')
  const card = page.getByTestId(`account-${username}`)
  await expect(card.getByTestId('account-party')).toHaveText('未关联')
  await expect(card.getByTestId('account-link')).toBeDisabled()
  await card.getByTestId('account-picker').selectOption({ label: '单车B（bike-b）' })
  await card.getByTestId('account-link').click()
  await expect(page.getByTestId('accounts-notice')).toHaveText('已将 新运维 关联到 单车B')
  await expect(card.getByTestId('account-party')).toHaveText('单车B')
  await shoot(page, 'accounts')

  // 单车A's webhook, from the parties page.
  await page.goto('/parties')
  await page.getByTestId('party-item').filter({ hasText: '单车A' }).getByTestId('party-webhook-open').click()
  const panel = page.getByTestId('party-webhook')
  await expect(panel.getByTestId('webhook-none')).toHaveText('尚未设置推送地址。')
  const url = panel.locator('#webhook-url')
  const error = panel.locator('[data-field=webhook-url]')
  await url.fill('http://hooks.example.com/lastmile')
  await panel.getByTestId('webhook-save').click()
  await expect(error).toHaveText('只接受 https:// 开头的网址')
  // A private address is the server's refusal, with the address named.
  await url.fill('https://10.1.2.3/lastmile')
  await panel.getByTestId('webhook-save').click()
  await expect(error).toHaveText('10.1.2.3 是内网地址，不允许推送')
  await expect(panel.getByTestId('webhook-secret')).toHaveCount(0)
  // A public address (a literal one: the test asks no DNS).
  await url.fill('https://8.8.8.8/lastmile-hook')
  await panel.getByTestId('webhook-save').click()
  await expect(error).toHaveCount(0)
  const secretBox = panel.getByTestId('webhook-secret')
  await expect(secretBox).toBeVisible()
  const secret = (await secretBox.getByTestId('webhook-secret-value').textContent())!.trim()
  expect(secret.length).toBeGreaterThanOrEqual(40)
  await expect(secretBox).toContainText('X-Lastmile-Signature')
  await expect(secretBox).toContainText('X-Lastmile-Timestamp')
  await expect(secretBox).toContainText('HMAC-SHA256')
  await secretBox.getByTestId('webhook-copy').click()
  await expect(secretBox).toContainText('已复制')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
  await expect(panel.getByTestId('webhook-current')).toContainText('https://8.8.8.8/lastmile-hook')
  await shoot(page, 'webhook-secret')
  await secretBox.getByTestId('webhook-secret-done').click()
  await expect(panel.getByTestId('webhook-secret')).toHaveCount(0)

  // Opened again: the address, never the secret.
  await panel.getByRole('button', { name: '关闭' }).click()
  await page.getByTestId('party-item').filter({ hasText: '单车A' }).getByTestId('party-webhook-open').click()
  await expect(panel.getByTestId('webhook-current')).toContainText('https://8.8.8.8/lastmile-hook')
  await expect(panel).not.toContainText(secret)
  await shoot(page, 'webhook')
  // Turned off again, so this demo server never sends to that address.
  page.once('dialog', (d) => void d.accept())
  await panel.getByTestId('webhook-remove').click()
  await expect(panel.getByTestId('webhook-none')).toBeVisible()

  // The delivery log: 单车A's earlier deliveries (seeded), one delivered, one given up.
  await page.goto('/admin/webhook-deliveries')
  const items = page.getByTestId('log-item')
  await expect(items).toHaveCount(2)
  await expect(items.filter({ hasText: '已送达' })).toContainText('单车A')
  const failed = items.filter({ hasText: '已放弃' })
  await expect(failed).toContainText('HTTP 503')
  await expect(failed).toContainText('尝试 6/6 次')
  await shoot(page, 'deliveries')
  await page.getByTestId('log-status').selectOption({ label: '已放弃' })
  await expect(items).toHaveCount(1)
  await expect(items).toContainText('已放弃')
  await page.getByTestId('log-party').selectOption({ label: '单车B' })
  await expect(page.getByTestId('log-empty')).toHaveText('没有符合条件的推送记录。')
  await shoot(page, 'deliveries-empty')
})
