// The capture page does not move under the inspector's thumb: whatever the geolocation answer (a good
// fix, a poor fix that opens the map, refused, or the browser asking first), the layout shifts the page
// makes on its own (not within 500 ms of a tap) add up to less than 0.1 at 390×844, the "good"
// cumulative layout shift. Each state is also photographed at 390×844 and 1280×800 (test output).
import { expect, test, type Page } from '@playwright/test'
import { axeSerious } from './support/a11y.ts'
import { signIn } from './support/helpers.ts'

const HERE = { latitude: 39.892109, longitude: 116.471685 }
const DESKTOP = { width: 1280, height: 800 }

declare global {
  interface Window {
    __shifts: { value: number; at: number; sources: string[] }[]
  }
}

/** Records every layout shift of each document, buffered from its start. */
function recordShifts() {
  window.__shifts = []
  interface Shift extends PerformanceEntry {
    value: number
    hadRecentInput: boolean
    sources?: { node?: Node | null }[]
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Shift[]) {
      if (e.hadRecentInput) continue
      const sources = (e.sources ?? []).map((s) => {
        const el = s.node instanceof Element ? s.node : s.node?.parentElement
        return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` : '?'
      })
      window.__shifts.push({ value: e.value, at: Math.round(e.startTime), sources })
    }
  }).observe({ type: 'layout-shift', buffered: true })
}

/** The browser's side of a refused or still-to-be-asked location, answered `after` ms later. */
function fakeGeolocation({ state, after }: { state: PermissionState; after: number }) {
  const query = navigator.permissions.query.bind(navigator.permissions)
  navigator.permissions.query = (d: PermissionDescriptor) =>
    d.name === 'geolocation' ? Promise.resolve({ state, name: 'geolocation', onchange: null } as unknown as PermissionStatus) : query(d)
  navigator.geolocation.watchPosition = (_ok: PositionCallback, fail?: PositionErrorCallback | null) => {
    setTimeout(() => fail?.({ code: 1, message: 'denied', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError), after)
    return 1
  }
  navigator.geolocation.clearWatch = () => {}
}

async function shiftsAfterSettling(page: Page): Promise<{ sum: number; detail: string }> {
  await expect(page.locator('.user-menu')).toBeVisible()
  await page.waitForTimeout(1500) // late chunks (the map, the user menu), tiles, fonts
  const shifts = await page.evaluate(() => window.__shifts)
  const sum = shifts.reduce((s, x) => s + x.value, 0)
  return { sum, detail: shifts.map((s) => `${s.value.toFixed(3)} at ${s.at} ms: ${s.sources.join(', ')}`).join('; ') }
}

async function photograph(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true })
  await page.setViewportSize(DESKTOP)
  await page.waitForTimeout(300)
  await page.screenshot({ path: test.info().outputPath(`${name}-1280.png`), fullPage: true })
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(recordShifts)
})

test('granted, a good fix: nothing moves', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ ...HERE, accuracy: 8 })
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('accuracy')).toContainText('±8')
  const { sum, detail } = await shiftsAfterSettling(page)
  expect(sum, detail).toBeLessThan(0.1)
  // The first screen's targets: at least 24 px, none partly under the sticky save bar (WCAG 2.2 target size).
  expect(await axeSerious(page, undefined, ['target-size'])).toEqual([])
  await photograph(page, 'granted')
  expect(await axeSerious(page, undefined, ['target-size'])).toEqual([])
  // Once the inspector scrolls, the save button stays above the bottom navigation.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.mouse.wheel(0, 200)
  await expect
    .poll(async () => {
      const box = await page.getByTestId('save').boundingBox()
      return box ? box.y + box.height : Infinity
    })
    .toBeLessThanOrEqual(844 - 60)
})

test('granted, a poor fix: the map opens in its reserved place', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ ...HERE, accuracy: 80 })
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('accuracy-warning')).toBeVisible()
  await expect(page.locator('.patrol-pin')).toBeVisible()
  const { sum, detail } = await shiftsAfterSettling(page)
  expect(sum, detail).toBeLessThan(0.1)
  await photograph(page, 'poor')
})

test('refused: the map opens in its reserved place', async ({ page }) => {
  await page.addInitScript(fakeGeolocation, { state: 'denied' as PermissionState, after: 300 })
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('position-status')).toContainText('未授权')
  await expect(page.getByTestId('map')).toBeVisible()
  const { sum, detail } = await shiftsAfterSettling(page)
  expect(sum, detail).toBeLessThan(0.1)
  await photograph(page, 'denied')
})

test('the browser would ask: the locate button waits in place, and a refusal a second later opens the map there', async ({ page }) => {
  await page.addInitScript(fakeGeolocation, { state: 'prompt' as PermissionState, after: 1000 })
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('locate')).toBeVisible()
  expect((await shiftsAfterSettling(page)).sum).toBeLessThan(0.1)
  await photograph(page, 'ask')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(300)
  await page.evaluate(() => (window.__shifts = []))
  await page.getByTestId('locate').click()
  await expect(page.getByTestId('position-status')).toContainText('未授权')
  await expect(page.getByTestId('map')).toBeVisible()
  const { sum, detail } = await shiftsAfterSettling(page)
  expect(sum, detail).toBeLessThan(0.1)
})
