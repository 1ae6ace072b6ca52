// `npm run screenshots`: starts the real server on a fresh demo database (local tiles) and saves
// each main page at phone (390×844) and desktop (1440×900) width to docs/screenshots/, to look at.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { chromium, type Page } from 'playwright-core'
import { freshDemoCode } from '../api/test-support/demo-codes.ts'

const PORT = Number(process.env.SCREENSHOT_PORT ?? 8791)
const BASE = `http://localhost:${PORT}`
const OUT = process.env.SCREENSHOT_DIR ?? 'docs/screenshots'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

const PAGES: {
  name: string
  user?: string
  path: string
  secondStep?: string
  prepare?: (page: Page) => Promise<void>
  /** Steps on the page before the picture (open a panel, type something). */
  then?: (page: Page) => Promise<void>
}[] = [
  { name: 'login', path: '/login' },
  { name: 'login-totp', path: '/login', secondStep: 'coordinator' },
  { name: 'public', path: '/public' },
  { name: 'public-meals', path: '/public/meals' },
  { name: 'public-guides', path: '/public/guides' },
  { name: 'public-zones', path: '/public/zones' },
  { name: 'public-zones-no-tiles', path: '/public/zones', prepare: async (page) => void (await page.context().route('**/tiles/**', (r) => r.abort())) },
  { name: 'patrol', user: 'inspector', path: '/patrol' },
  { name: 'patrol-new', user: 'inspector', path: '/patrol/new' },
  { name: 'patrol-new-coordinates', user: 'inspector', path: '/patrol/new', then: typeCoordinates },
  { name: 'zones-coordinates', user: 'coordinator', path: '/zones', then: (page) => page.getByTestId('new-zone').click() },
  { name: 'coordinator', user: 'coordinator', path: '/coordinator' },
  { name: 'counter', user: 'counter', path: '/counter' },
  { name: 'counter-skills', user: 'counter', path: '/counter/skills' },
  { name: 'login-switch', user: 'counter', path: '/login', prepare: setDevicePin },
  { name: 'meals', user: 'meals', path: '/meals' },
  { name: 'admin', user: 'admin', path: '/admin' },
  { name: 'admin-temporary-password', user: 'admin', path: '/admin', then: resetWuminPassword },
  { name: 'admin-audit', user: 'admin', path: '/admin/audit', prepare: auditSomeChanges },
  { name: 'admin-privacy', user: 'admin', path: '/admin/privacy' },
  { name: 'admin-map-layers', user: 'admin', path: '/admin/map-layers', then: pickSwappedLayer },
  { name: 'admin-operators', user: 'admin', path: '/admin/operators' },
  { name: 'admin-webhook-deliveries', user: 'admin', path: '/admin/webhook-deliveries' },
  { name: 'sync', user: 'inspector', path: '/sync' },
  { name: 'maps-offline', user: 'inspector', path: '/maps/offline' },
]

/** A few ordinary admin changes, so the audit page shows more than the seeded accounts. */
async function auditSomeChanges(page: Page) {
  const [r, headers] = [page.request, { origin: BASE }]
  const counter = (await (await r.get(`${BASE}/api/counter/settings`)).json()) as Record<string, unknown>
  await r.put(`${BASE}/api/counter/settings`, { headers, data: { ...counter, pm_end: counter.pm_end === '17:00' ? '17:30' : '17:00' } })
  const window = (await (await r.get(`${BASE}/api/meals/settings`)).json()) as Record<string, unknown>
  await r.put(`${BASE}/api/meals/settings`, { headers, data: { ...window, closes_time: window.closes_time === '17:00' ? '18:00' : '17:00' } })
  await r.post(`${BASE}/api/meals/subscribers`, {
    headers,
    data: { name: '示例居民', phone: '13900001234', community_id: 'guangquan', building: '2号楼', birth_date: '1950-05-01', consent: { service: true } },
  })
}

/** The signed-in counter worker sets a PIN on this browser, so the sign-in page lists them. */
async function setDevicePin(page: Page) {
  await page.request.put(`${BASE}/api/auth/pin`, { headers: { origin: BASE }, data: { pin: '2580' } })
}

/** A temporary password issued on the users page (shown once). */
async function resetWuminPassword(page: Page) {
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('actions-wumin').getByRole('button', { name: '重置密码' }).click()
  await page.getByTestId('temporary-password').waitFor()
}

/** The capture pin's map opened and an AMap share link typed in (GCJ-02, converted). */
async function typeCoordinates(page: Page) {
  await page.getByRole('button', { name: '在地图上调整' }).click()
  await page.getByTestId('coord-text').fill('https://uri.amap.com/marker?position=116.477707,39.893435&name=九龙山站')
  await page.getByTestId('coord-apply').click()
}

/** A GeoJSON file with [lat, lng] positions: the page names the problem at the field. */
async function pickSwappedLayer(page: Page) {
  const fc = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: '九龙山站' }, geometry: { type: 'Point', coordinates: [39.8921, 116.4717] } }],
  }
  await page.getByTestId('layer-file').setInputFiles({ name: 'landmarks.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(fc)) })
}

async function waitHealthy() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('server did not start')
}

async function enterPassword(page: Page, user: string) {
  await page.goto(`${BASE}/login`)
  await page.locator('#username').fill(user)
  await page.locator('#password').fill('lastmile-demo')
  await page.locator('form button[type=submit]').click()
  await page.getByTestId('current-user').or(page.getByTestId('second-factor')).waitFor({ state: 'attached' })
}

/** Password, then the demo authenticator's code where the role needs one. */
async function signIn(page: Page, user: string) {
  await enterPassword(page, user)
  if (await page.getByTestId('second-factor').isVisible()) {
    await page.locator('#totp-code').fill(await freshDemoCode(user))
    await page.locator('form button[type=submit]').click()
  }
  await page.getByTestId('current-user').waitFor({ state: 'attached' })
}

const server = spawn('node', ['--import', 'tsx', 'e2e/serve.ts'], {
  env: { ...process.env, PORT: String(PORT), DATA_DIR: '.e2e/shots', BASEMAP: 'local', LOG_LEVEL: 'warn' },
  stdio: 'inherit',
})
try {
  await waitHealthy()
  mkdirSync(OUT, { recursive: true })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS })
  const only = process.argv.slice(2)
  for (const [suffix, viewport] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1440, height: 900 }],
  ] as const) {
    for (const p of PAGES.filter((x) => !only.length || only.includes(x.name))) {
      const context = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        geolocation: { latitude: 39.8923, longitude: 116.4712, accuracy: 12 },
        permissions: ['geolocation'],
      })
      const page = await context.newPage()
      if (p.user) await signIn(page, p.user)
      if (p.prepare) await p.prepare(page)
      if (p.secondStep) await enterPassword(page, p.secondStep)
      else await page.goto(`${BASE}${p.path}`)
      if (p.then) await p.then(page)
      await page.waitForLoadState('networkidle').catch(() => undefined)
      await page.waitForTimeout(600)
      await page.screenshot({ path: `${OUT}/${p.name}-${suffix}.png` })
      await context.close()
    }
  }
  await browser.close()
} finally {
  server.kill()
}
