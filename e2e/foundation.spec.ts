// The shell on a 390×844 phone: every role lands on its home, the app reopens offline for a user
// who signed in before, the language switch persists, roles cannot open each other's pages.
import { expect, test } from '@playwright/test'
import { openUserMenu, signIn, waitForServiceWorker } from './support/helpers.ts'

const HOMES: Record<string, string> = {
  inspector: '/patrol',
  coordinator: '/coordinator',
  counter: '/counter',
  meals: '/meals',
  admin: '/admin',
}

for (const [username, home] of Object.entries(HOMES)) {
  test(`${username} signs in and lands on ${home}`, async ({ page }) => {
    await signIn(page, username)
    await expect(page).toHaveURL(new RegExp(`${home}$`))
    await expect(page.getByRole('navigation', { name: '导航' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  })
}

test('a wrong password shows one generic message and stays on the login page', async ({ page }) => {
  await page.goto('/login')
  await page.locator('#username').fill('inspector')
  await page.locator('#password').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确')
  await expect(page).toHaveURL(/\/login$/)
})

test('a signed-in user reopens the app offline and is still inside it', async ({ page, context }) => {
  await signIn(page, 'coordinator')
  await expect(page).toHaveURL(/\/coordinator$/)
  await waitForServiceWorker(page)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('current-user')).toContainText('赵协调')
  await expect(page).toHaveURL(/\/coordinator$/)
  await expect(page.getByTestId('online-badge')).toHaveText(/离线/)
  await context.setOffline(false)
})

test('the language switch changes the UI to English and persists across a reload', async ({ page }) => {
  await signIn(page, 'admin')
  await expect(page.getByRole('heading', { name: '用户与权限' })).toBeVisible()
  await openUserMenu(page)
  await page.getByTestId('lang-switch').click()
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

test('a role cannot open another role’s page; the server refuses it too', async ({ page }) => {
  await signIn(page, 'inspector')
  await page.goto('/admin')
  await expect(page).not.toHaveURL(/\/admin$/)
  const status = await page.evaluate(async () => (await fetch('/api/admin/users')).status)
  expect(status).toBe(403)
})

test('residents open the public pages without signing in', async ({ page }) => {
  await page.goto('/public')
  await expect(page.getByRole('heading', { name: '居民服务' })).toBeVisible()
  await expect(page.getByTestId('current-user')).toHaveCount(0)
})

test('the local basemap draws tiles from the API, not the internet', async ({ page }) => {
  const external: string[] = []
  page.on('request', (r) => {
    if (!r.url().startsWith('http://localhost')) external.push(r.url())
  })
  await signIn(page, 'coordinator')
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeVisible()
  expect(external).toEqual([])
})
