// HTTPS on the office network: the built app on the real server with HTTPS=local in a fresh data
// directory, opened at a non-localhost name (lastmile.test → 127.0.0.1) by a Chromium that trusts only the
// generated server key. Also the plain-http setup page, and the notice over plain http.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { chromium, devices, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { CHROMIUM } from '../playwright.config.ts'
import { spkiSha256 } from '../api/tls/local-ca.ts'
import { signIn, waitForServiceWorker } from './support/helpers.ts'

const PLAIN_PORT = Number(process.env.E2E_PORT ?? 8790)
const HTTPS_PORT = Number(process.env.E2E_HTTPS_PORT ?? PLAIN_PORT + 10)
const SETUP_PORT = HTTPS_PORT + 1
const DATA_DIR = '.e2e/https-data'
const TLS_DIR = join(DATA_DIR, 'tls')
const HOST = 'lastmile.test'
const APP = `https://${HOST}:${HTTPS_PORT}`
const HERE = { latitude: 39.8921, longitude: 116.4702, accuracy: 6 }
const ADDRESS = `劲松中街人行道（https e2e ${Date.now().toString(36)}）`

let server: ChildProcess
let browser: Browser
let context: BrowserContext

/** Resolves once the https server answers /api/health with a certificate issued by the local authority. */
async function waitForHttps(): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the https server exited with ${server.exitCode}`)
    if (existsSync(join(TLS_DIR, 'ca.crt'))) {
      const ok = await new Promise<boolean>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port: HTTPS_PORT, path: '/api/health', servername: HOST, ca: readFileSync(join(TLS_DIR, 'ca.crt')) },
          (res) => {
            res.resume()
            resolve(res.statusCode === 200)
          },
        )
        req.on('error', () => resolve(false))
        req.end()
      })
      if (ok) return
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('the https server did not come up')
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  server = spawn(process.execPath, ['--import', 'tsx', 'e2e/serve.ts'], {
    env: {
      ...process.env,
      PORT: String(HTTPS_PORT),
      SETUP_PORT: String(SETUP_PORT),
      HTTPS: 'local',
      TLS_EXTRA_NAMES: HOST,
      DATA_DIR,
      BASEMAP: 'local',
      SEED_DEMO: '1',
      LOG_LEVEL: 'warn',
      CLIENT_DIST: './dist',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  await waitForHttps()
  // Trust exactly this server's key, not "any certificate".
  const spki = spkiSha256(readFileSync(join(TLS_DIR, 'server.crt'), 'utf8'))
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
  })
})

test.afterAll(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
})

test.beforeEach(async () => {
  context = await browser.newContext({
    ...devices['Pixel 7'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    baseURL: APP,
    acceptDownloads: true,
  })
})
test.afterEach(async () => {
  await context?.close()
})

async function jpeg(page: Page, shade = '#f59e0b'): Promise<Buffer> {
  const b64 = await page.evaluate((shade) => {
    const c = document.createElement('canvas')
    c.width = 800
    c.height = 600
    const g = c.getContext('2d')!
    g.fillStyle = '#64748b'
    g.fillRect(0, 0, 800, 600)
    g.fillStyle = shade
    g.fillRect(100, 300, 600, 120)
    return c.toDataURL('image/jpeg', 0.9).split(',')[1]!
  }, shade)
  return Buffer.from(b64, 'base64')
}

test('over https at a network name: service worker, location, a capture with a photo, an offline reload', async () => {
  const page = await context.newPage()
  await context.grantPermissions(['geolocation'], { origin: APP })
  await context.setGeolocation(HERE)
  await page.goto('/login')
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true)
  expect(await page.evaluate(() => location.origin)).toBe(APP)
  await expect(page.getByTestId('insecure-notice')).toHaveCount(0)
  await signIn(page, 'inspector')
  await waitForServiceWorker(page)
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)

  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('insecure-notice')).toHaveCount(0)
  await expect(page.getByTestId('accuracy')).toContainText('±6')

  // A photo that cannot attach says why: not an image, or an image that does not decode.
  await page.getByTestId('photo-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await expect(page.locator('[data-field="photos"]')).toHaveText('这个文件不是图片')
  await page.getByTestId('photo-input').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) })
  await expect(page.locator('[data-field="photos"]')).toContainText('无法读取这张图片')
  await expect(page.getByTestId('photo-thumb')).toHaveCount(0)

  await page.getByTestId('kind-shared_bike').click()
  await page.getByTestId('address').fill(ADDRESS)
  await page.getByTestId('count-bike-a').getByRole('button', { name: /加一/ }).click()
  await page.getByTestId('photo-input').setInputFiles({ name: 'street.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page) })
  await expect(page.getByTestId('photo-thumb')).toHaveCount(1)
  await expect(page.locator('[data-field="photos"]')).toHaveCount(0)
  await page.getByTestId('save').click()
  const sheet = page.getByTestId('nearby-sheet')
  await expect(sheet.or(page.getByTestId('toast'))).toBeVisible()
  if (await sheet.isVisible()) await page.getByTestId('nearby-new').click()
  await expect(page).toHaveURL(/\/patrol$/)
  const item = page.getByTestId('patrol-item').filter({ hasText: ADDRESS })
  await expect(item.getByTestId('sync-state')).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })
  // The server has it, with the photo, at the GPS position.
  const mine = await page.evaluate(async (address) => {
    const rows = (await (await fetch('/api/patrol/reports?limit=2000')).json()) as { address: string; photos: string[]; position: { source: string } }[]
    return rows.find((r) => r.address === address)
  }, ADDRESS)
  expect(mine).toMatchObject({ position: { source: 'gps' } })
  expect(mine!.photos).toHaveLength(1)

  // Offline, a reload is served by the service worker and the report is still listed.
  await context.setOffline(true)
  await page.reload()
  await expect(item).toBeVisible()
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  await context.setOffline(false)
})

test('photos beyond the six allowed, and the same photo twice, say why they were not added', async () => {
  const page = await context.newPage()
  await signIn(page, 'inspector')
  await page.getByTestId('new-report').click()
  const shades = ['#111111', '#333333', '#555555', '#777777', '#999999', '#bbbbbb', '#dddddd']
  const files = await Promise.all(shades.map(async (s, i) => ({ name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer: await jpeg(page, s) })))
  await page.getByTestId('photo-input').setInputFiles(files.slice(0, 5))
  await expect(page.getByTestId('photo-thumb')).toHaveCount(5)
  await page.getByTestId('photo-input').setInputFiles([files[0]!, files[5]!, files[6]!])
  await expect(page.getByTestId('photo-thumb')).toHaveCount(6)
  await expect(page.locator('[data-field="photos"]')).toHaveText('p0.jpg: 这张照片已经添加过了；p6.jpg: 最多 6 张照片，这张未添加')
})

test('the setup page over plain http: QR code of the https address, the authority byte for byte, its fingerprint', async () => {
  const page = await context.newPage()
  // Typing the old plain-http address of the app lands on the setup page.
  await page.goto(`http://${HOST}:${HTTPS_PORT}/patrol`)
  await expect(page).toHaveURL(`http://${HOST}:${SETUP_PORT}/`)
  const der = readFileSync(join(TLS_DIR, 'lastmile-ca.crt'))
  const fp = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')
  await expect(page.getByTestId('fingerprint')).toHaveText(fp)
  await expect(page.getByTestId('https-qr').locator('svg path')).toHaveCount(1)
  await expect(page.getByTestId('https-url')).toHaveAttribute('href', `${APP}/`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ca-download').click()])
  expect(download.suggestedFilename()).toBe('lastmile-ca.crt')
  expect(readFileSync(await download.path()).equals(der)).toBe(true)
  // Nothing on the page overflows a phone's width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.getByTestId('https-url').click()
  await expect(page).toHaveURL(`${APP}/login`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true)
})

test('over plain http at a network name the app says at once what will not work, and where to set https up', async () => {
  const page = await context.newPage()
  const plain = `http://${HOST}:${PLAIN_PORT}`
  await page.goto(`${plain}/login`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false)
  const notice = page.getByTestId('insecure-notice')
  await expect(notice).toBeVisible()
  for (const lost of ['定位', '拍照上传', '离线使用', '安装到主屏幕']) await expect(notice).toContainText(lost)
  // That server runs without HTTPS: the notice says how to start it and where its setup page will be.
  await expect(notice).toContainText('HTTPS=local')
  await expect(page.getByTestId('insecure-setup-url')).toHaveText(`http://${HOST}:${PLAIN_PORT + 1}/`)

  await page.locator('#username').fill('inspector')
  await page.locator('#password').fill('lastmile-demo')
  await page.getByRole('button', { name: /^登录$/ }).click()
  await expect(page.getByTestId('current-user')).toBeAttached()
  await page.goto(`${plain}/patrol/new`)
  await expect(page.getByTestId('insecure-notice')).toBeVisible()
  // The browser will not process a photo here (no crypto.subtle, WebAssembly refused): it says so.
  await page.getByTestId('photo-input').setInputFiles({ name: 'street.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page) })
  await expect(page.locator('[data-field="photos"]')).toHaveText(/^此连接不安全（http），浏览器不处理照片/)
  await expect(page.getByTestId('photo-thumb')).toHaveCount(0)
})
