// After too many failed sign-ins the login page says how long to wait (from Retry-After, in minutes and
// seconds), counts down and keeps the button disabled meanwhile. An unknown username, so no real account
// is held up for the other specs.
import { expect, test } from '@playwright/test'

test('the login page tells how long to wait after too many failures', async ({ page }) => {
  await page.goto('/login')
  await page.locator('#username').fill('ghost-e2e')
  const button = page.getByRole('button', { name: '登录' })
  for (let i = 0; i < 5; i++) {
    await page.locator('#password').fill(`wrong-${i}`)
    await button.click()
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确')
  }
  await page.locator('#password').fill('wrong-5')
  await button.click()
  const error = page.getByTestId('login-error')
  await expect(error).toHaveText(/^尝试次数过多，请 (\d+ 分 )?\d+ 秒后再试$/)
  await expect(button).toBeDisabled()
  const first = await error.textContent()
  await expect.poll(() => error.textContent(), { timeout: 5000 }).not.toBe(first)
})
