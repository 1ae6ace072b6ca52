// The shell on a 390×844 phone: every role lands on its home, the app reopens offline for a user
// who signed in before, the language switch persists, roles cannot open each other's pages.
import { expect, test } from '@playwright/test'
import { openUserMenu, signIn, waitForServiceWorker } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

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
    const nav = page.getByRole('navigation', { name: '导航' })
    await expect(nav).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
    // The phone bar fits the screen: at most five slots, none scrolled off to the side.
    const slots = nav.locator(':scope > a:visible, :scope > button:visible')
    expect(await slots.count()).toBeLessThanOrEqual(5)
    for (const box of await Promise.all((await slots.all()).map((s) => s.boundingBox()))) expect(box!.x + box!.width).toBeLessThanOrEqual(390)
  })
}

test('on a phone the admin reaches the audit log through 更多, and the sheet behaves like a menu', async ({ page }) => {
  await signedInAs(page, 'admin')
  await expect(page).toHaveURL(/\/admin$/)
  const nav = page.getByRole('navigation', { name: '导航' })
  const more = nav.getByRole('button', { name: '更多' })
  const sheet = page.getByTestId('nav-sheet')
  await expect(nav.getByRole('link', { name: '审计日志' })).toBeHidden()
  await expect(more).toHaveAttribute('aria-expanded', 'false')

  await more.click()
  await expect(more).toHaveAttribute('aria-expanded', 'true')
  await expect(sheet.getByRole('link').first()).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await expect(more).toBeFocused()
  await expect(more).toHaveAttribute('aria-expanded', 'false')

  await more.click()
  await page.mouse.click(195, 150) // outside the sheet
  await expect(sheet).toBeHidden()

  await more.click()
  await sheet.getByRole('link', { name: '审计日志' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(page.getByRole('heading', { name: '操作审计' })).toBeVisible()
  await expect(sheet).toBeHidden()
  await expect(more).toHaveAttribute('aria-expanded', 'false')
  // The page the admin is on keeps a slot in the bar.
  await expect(nav.getByRole('link', { name: '审计日志' })).toBeVisible()
})

test('a wrong password shows one generic message and stays on the login page', async ({ page }) => {
  await page.goto('/login')
  await page.locator('#username').fill('inspector')
  await page.locator('#password').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确')
  await expect(page).toHaveURL(/\/login$/)
})

test('a signed-in user reopens the app offline and is still inside it', async ({ page, context }) => {
  await signedInAs(page, 'coordinator')
  await expect(page).toHaveURL(/\/coordinator$/)
  await waitForServiceWorker(page)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('current-user')).toContainText('赵协调')
  await expect(page).toHaveURL(/\/coordinator$/)
  await expect(page.getByTestId('online-badge')).toHaveText(/离线/)
  await context.setOffline(false)
})

test('the language switch changes the UI to English and persists across a reload, offline too', async ({ page, context }) => {
  await signedInAs(page, 'admin')
  await expect(page.getByRole('heading', { name: '用户与权限' })).toBeVisible()
  await openUserMenu(page)
  await page.getByTestId('lang-switch').click()
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  // English is its own chunk: the service worker has it, so an offline reload stays in English.
  await waitForServiceWorker(page)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible()
  // Each module's messages are chunks of their own, loaded with its pages: a page not opened yet
  // still finds its English messages offline.
  await page.goto('/admin/audit')
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await context.setOffline(false)
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
  await signedInAs(page, 'coordinator')
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeVisible()
  expect(external).toEqual([])
})
