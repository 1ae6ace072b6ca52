// Accessibility of the residents' pages, sign-in and the inspector's capture page, as rules that fail:
// axe (WCAG 2.1 A/AA and best practices) with no serious or critical finding, and every text's contrast
// at least 4.5:1 (3:1 large), at 390×844 and at 1280×800; the residents' tap targets at least 44 × 44 px
// on the phone (elder mode asks 60, e2e/elder.spec.ts); the capture page also offline with reports
// waiting in the outbox, where the header's online and sync chips change colour and text.
import { expect, test, type Page } from '@playwright/test'
import { AXE_TAGS, axeSerious, measureLayout, RESIDENT_LIMITS } from './support/a11y.ts'
import { openUserMenu, signIn, waitForServiceWorker } from './support/helpers.ts'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const HERE = { latitude: 39.892109, longitude: 116.471685, accuracy: 8 }

interface Target {
  name: string
  path: string
  ready: (page: Page) => Promise<void>
  /** A residents' page: its tap targets are measured on the phone. */
  resident: boolean
}

const PAGES: Target[] = [
  { name: 'zones', path: '/public/zones', resident: true, ready: (p) => expect(p.getByTestId('public-zone').first()).toBeVisible() },
  { name: 'meals', path: '/public/meals', resident: true, ready: (p) => expect(p.getByTestId('meals-window')).toBeVisible() },
  { name: 'guides', path: '/public/guides', resident: true, ready: (p) => expect(p.locator('[data-testid=guide-results] li').first()).toBeVisible() },
  { name: 'login', path: '/login', resident: false, ready: (p) => expect(p.locator('#username')).toBeVisible() },
]

/** axe and contrast (and, for a residents' page on the phone, tap targets) at both sizes; one list of every finding. */
async function findings(page: Page, resident: boolean): Promise<string[]> {
  const out: string[] = []
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size)
    await page.waitForTimeout(100) // one layout after the resize
    const at = `${size.width}×${size.height}`
    for (const f of await axeSerious(page, AXE_TAGS)) out.push(`${at} axe ${f}`)
    const limits = resident && size === PHONE ? RESIDENT_LIMITS : {}
    for (const f of await page.evaluate(measureLayout, limits)) out.push(`${at} ${f}`)
  }
  await page.setViewportSize(PHONE)
  return out
}

for (const p of PAGES) {
  test(`${p.name}: no serious axe finding, contrast 4.5:1${p.resident ? ', targets 44 px' : ''}`, async ({ page }) => {
    await page.goto(p.path)
    await p.ready(page)
    expect(await findings(page, p.resident)).toEqual([])
  })
}

test('the inspector’s capture page: online and idle, then offline with reports waiting', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation(HERE)
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  const online = page.getByTestId('online-badge')
  const badge = page.getByTestId('sync-badge')

  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('accuracy')).toBeVisible()
  await expect(badge).toHaveAttribute('data-pending', '0')
  // The header's controls are named by what they show.
  await expect(badge).toHaveAccessibleName(/已同步|同步/)
  await expect(page.locator('.user-menu > summary')).toHaveAccessibleName(/（巡查员）/)
  expect(await findings(page, false)).toEqual([])
  // The user menu open: a white card in the coloured header.
  await openUserMenu(page)
  await expect(page.getByTestId('logout')).toBeVisible()
  expect(await findings(page, false)).toEqual([])
  await openUserMenu(page)

  // Offline, one report saved: it waits in the outbox.
  await context.setOffline(true)
  await expect(online).toHaveClass(/chip--warn/)
  await page.getByTestId('kind-shared_bike').click()
  await page.getByTestId('address').fill('无障碍检查：劲松路口')
  await page.getByTestId('share-half').click()
  await page.getByTestId('save').click()
  const sheet = page.getByTestId('nearby-sheet')
  await expect(sheet.or(page.getByTestId('toast'))).toBeVisible()
  if (await sheet.isVisible()) await page.getByTestId('nearby-new').click()
  await expect(page).toHaveURL(/\/patrol$/)
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('position')).toBeVisible()
  await expect(badge).toHaveAttribute('data-status', 'offline')
  await expect(badge).not.toHaveAttribute('data-pending', '0')
  await expect(badge).toHaveAccessibleName(/离线|待/)
  expect(await findings(page, false)).toEqual([])
  await context.setOffline(false)
})
