// Offline reload of the installed app: the built client served by the real API, the inspector signed in
// through the real form, the service worker installed and in control; then offline, reload, and time
// until the capture form's Save button is enabled (from the new document's navigation start).
import type { Browser, Page } from 'playwright-core'
import { atMost, Collector } from '../lib/figures.ts'
import { summarize } from '../lib/stats.ts'
import { DEMO_PASSWORD } from '../../api/db/seed/accounts.ts'

const RELOADS = 5
const HERE = { latitude: 39.8912, longitude: 116.476, accuracy: 8 }

/** ms from navigation start until Save exists and is enabled, read inside the page. */
async function reloadToSave(page: Page): Promise<{ inPage: number; wall: number }> {
  const t0 = performance.now()
  await page.reload({ waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    () => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid="save"]')
      return b && !b.disabled && b.offsetParent !== null ? performance.now() : false
    },
    undefined,
    { polling: 'raf', timeout: 15_000 },
  )
  const inPage = (await handle.jsonValue()) as number
  return { inPage, wall: performance.now() - t0 }
}

export async function offlineReloadBench(browser: Browser, appUrl: string): Promise<Collector> {
  const out = new Collector('device (Chromium)')
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    geolocation: HERE,
    permissions: ['geolocation'],
  })
  try {
    const page = await context.newPage()
    await page.goto(`${appUrl}/login`)
    await page.locator('#username').fill('inspector')
    await page.locator('#password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
    await page.getByTestId('current-user').waitFor({ state: 'attached', timeout: 15_000 })
    await page.goto(`${appUrl}/patrol/new`)
    await page.locator('[data-testid="save"]:enabled').waitFor({ timeout: 15_000 })
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }))
      }
    })
    const online: number[] = []
    for (let i = 0; i < RELOADS; i++) online.push((await reloadToSave(page)).inPage)
    await context.setOffline(true)
    const offline: number[] = []
    const wall: number[] = []
    for (let i = 0; i < RELOADS; i++) {
      const r = await reloadToSave(page)
      offline.push(r.inPage)
      wall.push(r.wall)
    }
    const off = summarize(offline)
    const on = summarize(online)
    out.add({
      name: 'offline reload to an interactive capture form',
      value: off.p50,
      unit: 'ms',
      budget: atMost(1000, 'ms'),
      comparison: `the same reload online ${Math.round(on.p50)} ms`,
      ratio: off.p50 / on.p50,
      note: `/patrol/new as the inspector, 390×844, service worker in control, context offline; median of ${RELOADS} reloads (max ${Math.round(off.max)} ms), navigation start → Save enabled; wall time incl. unload median ${Math.round(summarize(wall).p50)} ms`,
    })
  } finally {
    await context.close()
  }
  return out
}
