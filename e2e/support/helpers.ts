// Shared steps for e2e specs: sign in through the real form, wait for the service worker.
import { expect, type APIRequestContext, type Page } from '@playwright/test'
import { freshDemoCode } from '../../api/test-support/demo-codes.ts'
import { uuidv7 } from '../../api/domain/ids.ts'

export const DEMO_PASSWORD = 'lastmile-demo'

/**
 * Signs in through the real form. Coordinator and admin then get the second step (TOTP_REQUIRED_ROLES):
 * the helper types the demo authenticator's code, as a person would from their phone.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
  const signedIn = page.getByTestId('current-user')
  const second = page.getByTestId('second-factor')
  await expect(signedIn.or(second)).toBeAttached()
  if (await second.isVisible()) {
    await page.locator('#totp-code').fill(await freshDemoCode(username))
    await page.getByRole('button', { name: /^(验证|Verify)$/ }).click()
  }
  await expect(signedIn).toBeAttached()
}

/** The same for an API request context (cookies stay in the context). */
export async function apiSignIn(api: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const res = await api.post('/api/auth/login', { data: { username, password } })
  if (res.status() === 202) {
    const second = await api.post('/api/auth/totp', { data: { code: await freshDemoCode(username) } })
    expect(second.status()).toBe(200)
  } else expect(res.status()).toBe(200)
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

/** Pushes one new record through the sync API as a device would; returns its id once applied. */
export async function pushOne(api: APIRequestContext, baseURL: string, deviceId: string, entity: string, data: Record<string, unknown>): Promise<string> {
  const id = uuidv7()
  const res = await api.post('/api/sync/push', {
    headers: { origin: baseURL },
    data: {
      device_id: deviceId,
      mutations: [{ id: uuidv7(), entity, entity_id: id, op: 'put', base_version: null, client_time: new Date().toISOString(), data }],
    },
  })
  expect(res.status()).toBe(200)
  expect(((await res.json()) as { results: { status: string }[] }).results[0]!.status).toBe('applied')
  return id
}
