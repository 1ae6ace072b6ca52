// Shared steps for e2e specs: sign in through the real form, wait for the service worker.
import { expect, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'lastmile-demo'

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
  await expect(page.getByTestId('current-user')).toBeAttached()
}

/** Resolves once a service worker controls the page, so an offline reload is served from its cache. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }))
    }
  })
}

/** The header's user menu holds the language switch and sign-out. */
export async function openUserMenu(page: Page) {
  await page.locator('.user-menu > summary').click()
}
