// An inspector opening the capture page on a fresh load (no service worker yet): who is signed in and
// the settings are asked for by the index.html beside the app's code, before the page's own chunk, and
// the app takes those answers instead of asking again.
import { expect, test } from '@playwright/test'
import { apiSignedInAs } from './support/sessions.ts'

test.use({ serviceWorkers: 'block' })

test('/patrol/new: the identity and the settings start beside the app’s code and are asked for once', async ({ page, playwright, baseURL }) => {
  const api = await apiSignedInAs(playwright.request, baseURL!, 'inspector')
  await page.context().addCookies((await api.storageState()).cookies)
  await api.dispose()
  const requests: string[] = []
  page.on('request', (r) => requests.push(new URL(r.url()).pathname))
  await page.goto('/patrol/new')
  await expect(page.getByTestId('capture-form')).toBeVisible()
  await page.waitForLoadState('networkidle')
  const chunk = requests.findIndex((r) => /\/assets\/PatrolCapturePage-[\w-]+\.js$/.test(r))
  expect(chunk).toBeGreaterThanOrEqual(0)
  for (const read of ['/api/auth/me', '/api/config']) {
    expect(requests.indexOf(read)).toBeGreaterThanOrEqual(0)
    expect(requests.indexOf(read)).toBeLessThan(chunk)
    expect(requests.filter((r) => r === read)).toHaveLength(1)
  }
})
