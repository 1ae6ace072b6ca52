// A resident's first visit to the menu or the guides: the page's read is asked for by the index.html
// beside the app's code (before the page's own chunk), and the page takes that answer instead of asking
// again; the device database's code loads only after the page has loaded.
import { expect, test } from '@playwright/test'

const PAGES = [
  { path: '/public/meals', read: '/api/meals/public', chunk: /\/assets\/MealsPublicPage-[\w-]+\.js$/, ready: 'pickup-points' },
  { path: '/public/guides', read: '/api/counter/public/guides', chunk: /\/assets\/PublicGuidesPage-[\w-]+\.js$/, ready: 'guide-results' },
]

for (const p of PAGES) {
  test(`${p.path}: its read starts beside the app's code and is asked for once`, async ({ page }) => {
    const requests: string[] = []
    page.on('request', (r) => requests.push(new URL(r.url()).pathname))
    await page.goto(p.path)
    await expect(page.getByTestId(p.ready)).toBeVisible()
    await page.waitForLoadState('networkidle')
    const read = requests.indexOf(p.read)
    const chunk = requests.findIndex((r) => p.chunk.test(r))
    expect(read).toBeGreaterThanOrEqual(0)
    expect(chunk).toBeGreaterThanOrEqual(0)
    expect(read).toBeLessThan(chunk)
    expect(requests.filter((r) => r === p.read)).toHaveLength(1)
  })
}
