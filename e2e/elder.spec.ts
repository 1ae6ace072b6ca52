// Elder mode (长辈模式) of the residents' pages at 390×844: what the MIIT 2021 elder-friendly
// specifications ask, measured from computed styles (text ≥ 18 px, headings ≥ 30 px, line height ≥ 1.3,
// paragraph spacing ≥ 1.3 × the line height, contrast ≥ 4.5:1 or 3:1 for large text, tap targets
// ≥ 60 × 60 px, no fixed layers); axe with no serious or critical finding in both modes; the switch
// remembered across a reload; read aloud shown only with a Chinese voice, and stoppable; the
// large-print poster on one A4 and one A3 page.
import { expect, test, type Page } from '@playwright/test'
import { axeSerious, ELDER_LIMITS, measureLayout } from './support/a11y.ts'

const SHOTS = process.env.ELDER_SCREENSHOTS === '1'

interface PublicPage {
  name: string
  path: string
  ready: (page: Page) => Promise<void>
}

async function guideCode(page: Page): Promise<string> {
  const res = await page.request.get('/api/counter/public/guides')
  const guides = (await res.json()) as { code: string }[]
  expect(guides.length).toBeGreaterThan(0)
  return guides[0]!.code
}

const PAGES: PublicPage[] = [
  { name: 'home', path: '/public', ready: (p) => expect(p.locator('.link-card').first()).toBeVisible() },
  { name: 'meals', path: '/public/meals', ready: (p) => expect(p.getByTestId('meals-window')).toBeVisible() },
  { name: 'zones', path: '/public/zones', ready: (p) => expect(p.getByTestId('public-zone').first()).toBeVisible() },
  { name: 'guides', path: '/public/guides', ready: (p) => expect(p.locator('[data-testid=guide-results] li').first()).toBeVisible() },
  { name: 'guide', path: 'GUIDE', ready: (p) => expect(p.getByTestId('materials')).toBeVisible() },
]
const pathOf = async (page: Page, p: PublicPage) => (p.path === 'GUIDE' ? `/public/guides/${await guideCode(page)}` : p.path)

/** The device's elder-mode preference before the page's first script runs (as a reload would find it). */
async function preferElder(page: Page, on: boolean) {
  await page.addInitScript((v) => localStorage.setItem('lastmile.elder', v), on ? '1' : '0')
}

test.describe('elder mode figures at 390×844', () => {
  for (const p of PAGES) {
    test(`${p.name}: text, spacing, contrast and targets in elder mode`, async ({ page }) => {
      await preferElder(page, true)
      await page.goto(await pathOf(page, p))
      await p.ready(page)
      await expect(page.locator('html')).toHaveClass(/\belder\b/)
      await expect(page.getByTestId('elder-switch')).toHaveAttribute('aria-checked', 'true')
      // The switch is on the first screen.
      const box = (await page.getByTestId('elder-switch').boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(844)
      expect(await page.evaluate(measureLayout, ELDER_LIMITS)).toEqual([])
      if (SHOTS) await page.screenshot({ path: `docs/screenshots/elder-${p.name}-on.png` })
    })
  }

  test('the same measures find the ordinary layout short of the elder figures', async ({ page }) => {
    await preferElder(page, false)
    await page.goto('/public/meals')
    await expect(page.getByTestId('meals-window')).toBeVisible()
    const breaches = await page.evaluate(measureLayout, ELDER_LIMITS)
    for (const kind of ['heading', 'text', 'paragraph spacing', 'tap target'])
      expect(
        breaches.some((b) => b.startsWith(kind)),
        kind,
      ).toBe(true)
  })

  test('the essentials come first: today’s lunch and price, the ticket window, the pickup point', async ({ page }) => {
    await preferElder(page, true)
    await page.goto('/public/meals')
    const today = page.getByTestId('meals-today')
    await expect(today).toBeVisible()
    const order = await page.evaluate(() =>
      ['meals-today', 'meals-window', 'pickup-points', 'poster-controls'].map(
        (id) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect().top ?? -1,
      ),
    )
    expect(order.every((y) => y >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    const view = (await (await page.request.get('/api/meals/public')).json()) as {
      today: string
      weeks: { published: boolean; days: { date: string }[]; prices: { set_fen: number } }[]
    }
    const week = view.weeks.find((w) => w.published && w.days.some((d) => d.date === view.today))
    if (week) await expect(page.getByTestId('today-price')).toContainText(`¥${(week.prices.set_fen / 100).toFixed(2)}`)
    else await expect(today).toContainText('今天的菜单还没有公布')
  })

  test('the nearest parking zone comes first where location is allowed, without a map', async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      geolocation: { latitude: 39.892109, longitude: 116.471685 },
      permissions: ['geolocation'],
    })
    const page = await context.newPage()
    await preferElder(page, true)
    await page.goto('/public/zones')
    await expect(page.getByTestId('nearest-zone')).toBeVisible()
    await expect(page.locator('.pz-map')).toHaveCount(0)
    const [nearest, firstZone] = await Promise.all([page.getByTestId('nearest-zone').boundingBox(), page.getByTestId('public-zone').first().boundingBox()])
    expect(nearest!.y).toBeLessThan(firstZone!.y)
    await context.close()
  })
})

test.describe('axe: no serious or critical finding', () => {
  for (const on of [false, true]) {
    for (const p of [...PAGES, { name: 'login', path: '/login', ready: (pg: Page) => expect(pg.locator('#username')).toBeVisible() }]) {
      test(`${p.name} with elder mode ${on ? 'on' : 'off'}`, async ({ page }) => {
        await preferElder(page, on)
        await page.goto(await pathOf(page, p))
        await p.ready(page)
        expect(await axeSerious(page)).toEqual([])
        if (SHOTS && !on && p.name !== 'login') await page.screenshot({ path: `docs/screenshots/elder-${p.name}-off.png` })
      })
    }
  }
})

test('the switch is offered once inline, and elder mode stays on after a reload', async ({ page }) => {
  await page.goto('/public/meals')
  const offer = page.getByTestId('elder-offer')
  await expect(offer).toBeVisible()
  await expect(page.locator('[role=dialog], [role=alertdialog], dialog[open]')).toHaveCount(0)
  await page.getByTestId('elder-offer-no').click()
  await expect(offer).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('meals-window')).toBeVisible()
  await expect(offer).toHaveCount(0) // once only
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/)

  const sw = page.getByTestId('elder-switch')
  await expect(sw).toHaveAttribute('aria-checked', 'false')
  await sw.click()
  await expect(sw).toHaveAttribute('aria-checked', 'true')
  await expect(sw).toContainText('已开启')
  await expect(page.locator('html')).toHaveClass(/\belder\b/)
  await page.reload()
  await expect(page.getByTestId('elder-switch')).toHaveAttribute('aria-checked', 'true')
  await expect(page.locator('html')).toHaveClass(/\belder\b/)
  await expect(page.getByTestId('meals-today')).toBeVisible()
  // The same preference on every residents' page; the header switch (the page menu) turns it off.
  await page.goto('/public/guides')
  await expect(page.locator('html')).toHaveClass(/\belder\b/)
  await page.getByTestId('elder-switch-menu').click()
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/)
  await page.reload()
  await expect(page.getByTestId('elder-switch')).toHaveAttribute('aria-checked', 'false')
  // Staff pages never take the residents' elder styles.
  await page.getByTestId('elder-switch').click()
  await page.goto('/login')
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/)
})

/** Replaces the device's speech engine before the app starts: its voices (late, through "voiceschanged", when `lateMs`), and a recorder for what is spoken and cancelled. */
async function stubSpeech(page: Page, voices: { lang: string; name: string }[], lateMs = 0) {
  await page.addInitScript(
    ({ voices, lateMs }) => {
      const w = window as unknown as { __spoken: string[]; __cancels: number }
      w.__spoken = []
      w.__cancels = 0
      let list = lateMs ? [] : voices.map((v) => ({ ...v, default: false, localService: true, voiceURI: v.name }))
      const synth = new EventTarget() as EventTarget & Record<string, unknown>
      synth.getVoices = () => list
      synth.speak = (u: { text: string }) => w.__spoken.push(u.text)
      synth.cancel = () => (w.__cancels += 1)
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
      Object.defineProperty(window, 'SpeechSynthesisUtterance', {
        configurable: true,
        value: class {
          text: string
          constructor(text: string) {
            this.text = text
          }
        },
      })
      if (lateMs)
        setTimeout(() => {
          list = voices.map((v) => ({ ...v, default: false, localService: true, voiceURI: v.name }))
          synth.dispatchEvent(new Event('voiceschanged'))
        }, lateMs)
    },
    { voices, lateMs },
  )
}

test('read aloud appears once a Chinese voice loads, reads today’s lunch, and stops', async ({ page }) => {
  await stubSpeech(page, [{ lang: 'zh-CN', name: 'Tingting' }], 800)
  await preferElder(page, true)
  await page.goto('/public/meals')
  const today = page.getByTestId('meals-today')
  await expect(today).toBeVisible()
  const button = today.getByTestId('read-aloud')
  await expect(button).toBeVisible() // after voiceschanged
  await expect(button).toHaveText(/读给我听/)
  await button.click()
  await expect(button).toHaveText(/停止/)
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.join(''))
  expect(spoken).toMatch(/今天的菜单还没有公布|的午餐：/)
  await button.click()
  await expect(button).toHaveText(/读给我听/)
  expect(await page.evaluate(() => (window as unknown as { __cancels: number }).__cancels)).toBeGreaterThan(1)
  // The ticket window can be read as well.
  await expect(page.getByTestId('meals-window').getByTestId('read-aloud')).toBeVisible()
})

test('a guide’s checklist is read aloud in a Chinese voice', async ({ page }) => {
  await stubSpeech(page, [
    { lang: 'en-US', name: 'Samantha' },
    { lang: 'zh_CN', name: 'Yaoyao' },
  ])
  const code = await guideCode(page)
  await page.goto(`/public/guides/${code}`)
  const first = (await page.getByTestId('materials').locator('strong').first().textContent())!.trim()
  await page.getByTestId('read-aloud').click()
  await expect(page.getByTestId('read-aloud')).toHaveText(/停止/)
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.join(''))
  expect(spoken).toContain(first)
  expect(spoken).toContain('请带齐以下材料')
})

test('without a Chinese voice there is no read-aloud button', async ({ page }) => {
  await stubSpeech(page, [{ lang: 'en-US', name: 'Samantha' }])
  await preferElder(page, true)
  await page.goto('/public/meals')
  await expect(page.getByTestId('meals-today')).toBeVisible()
  await page.waitForTimeout(500)
  await expect(page.getByTestId('read-aloud')).toHaveCount(0)
  await page.goto(`/public/guides/${await guideCode(page)}`)
  await expect(page.getByTestId('materials')).toBeVisible()
  await expect(page.getByTestId('read-aloud')).toHaveCount(0)
})

function pdfPages(pdf: Buffer) {
  const text = pdf.toString('latin1')
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  const box = text.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/)
  return { pages, width: Number(box?.[1]), height: Number(box?.[2]) }
}

test('the large-print menu poster prints on one page of A4 and of A3', async ({ page }) => {
  await preferElder(page, true)
  await page.goto('/public/meals')
  await expect(page.getByTestId('poster-controls')).toBeVisible()
  await expect(page.getByTestId('meals-poster')).toHaveCount(0) // on screen, no hidden copy of the menu
  for (const [paper, w, h] of [
    ['A4', 595, 842],
    ['A3', 842, 1191],
  ] as const) {
    await page
      .getByTestId('poster-controls')
      .getByRole('radio', { name: new RegExp(`^${paper}`) })
      .check()
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))
    expect(pdf.pages, `${paper} pages`).toBe(1)
    expect(Math.round(pdf.width), `${paper} width`).toBeGreaterThanOrEqual(w - 1)
    expect(Math.round(pdf.width)).toBeLessThanOrEqual(w + 1)
    expect(Math.round(pdf.height), `${paper} height`).toBeGreaterThanOrEqual(h - 1)
    expect(Math.round(pdf.height)).toBeLessThanOrEqual(h + 1)
    // The same with the format given by the printer's side.
    expect(pdfPages(await page.pdf({ format: paper, printBackground: true })).pages).toBe(1)
  }
  // The poster is what prints: the week's table in large type, nothing of the screen page.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByTestId('meals-poster')).toBeVisible()
  await expect(page.getByTestId('elder-switch')).toBeHidden()
  const size = await page.getByTestId('meals-poster').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(26) // A3 chosen last: 15pt × 1.41 ≈ 28px
})
