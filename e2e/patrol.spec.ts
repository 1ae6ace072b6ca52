// Patrol on a 390×844 phone: capture offline with a photo that carries EXIF GPS, survive a reload
// (report and unfinished draft), sync when back online, and prove the server kept no EXIF.
import { createHash } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { signIn, waitForServiceWorker } from './support/helpers.ts'
import { apiSignedInAs } from './support/sessions.ts'
import { exifLatitude, hasExif, withExifGps } from './fixtures/exif-jpeg.ts'

// A pavement in 九龙南 away from the seeded hotspots (no open report within 50 m).
const HERE = { latitude: 39.8912, longitude: 116.476, accuracy: 8 }
// Unique per run: a re-run against the same server must find its own item.
const ADDRESS = `九龙南社区东侧人行道（e2e ${Date.now().toString(36)}）`

/** A real JPEG encoded by the browser, then given an APP1 Exif segment with GPS far from HERE. */
async function exifPhoto(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 1200
    c.height = 900
    const g = c.getContext('2d')!
    g.fillStyle = '#9ca3af'
    g.fillRect(0, 0, 1200, 900)
    g.fillStyle = '#b91c1c'
    for (let i = 0; i < 12; i++) g.fillRect(60 + i * 90, 500, 50, 220)
    return c.toDataURL('image/jpeg', 0.9).split(',')[1]!
  })
  const jpeg = withExifGps(new Uint8Array(Buffer.from(b64, 'base64')), { lat: 31.2304, lng: 121.4737 })
  expect(hasExif(jpeg)).toBe(true)
  expect(exifLatitude(jpeg)).toBeCloseTo(31.2304, 3)
  return Buffer.from(jpeg)
}

/** Waits until the autosaved draft in IndexedDB holds the note (autosave runs on every change). */
async function draftNote(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      new Promise<string | undefined>((resolve) => {
        const open = indexedDB.open('lastmile')
        open.onsuccess = () => {
          const tx = open.result.transaction('patrol_drafts', 'readonly')
          const all = tx.objectStore('patrol_drafts').getAll()
          all.onsuccess = () => resolve((all.result as { note: string }[])[0]?.note)
          all.onerror = () => resolve(undefined)
        }
        open.onerror = () => resolve(undefined)
      }),
  )
}

/** Runs in the page: every photo the device keeps in IndexedDB, with its bytes. */
function devicePhotos(): Promise<{ hash: string; bytes: number[] }[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('lastmile')
    open.onsuccess = () => {
      const all = open.result.transaction('media', 'readonly').objectStore('media').getAll()
      all.onsuccess = async () => {
        const rows = all.result as { hash: string; blob: Blob }[]
        resolve(await Promise.all(rows.map(async (r) => ({ hash: r.hash, bytes: Array.from(new Uint8Array(await r.blob.arrayBuffer())) }))))
      }
      all.onerror = () => reject(all.error)
    }
    open.onerror = () => reject(open.error)
  })
}

test('inspector captures offline with a photo, reloads, syncs; the server photo has no EXIF; the coordinator sees it', async ({
  page,
  context,
  playwright,
  baseURL,
}) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ ...HERE, accuracy: 85 })
  await signIn(page, 'inspector')
  await expect(page).toHaveURL(/\/patrol$/)
  await waitForServiceWorker(page)
  const photo = await exifPhoto(page)

  // Visit the capture route online once so its lazy chunks are cached, then go offline.
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('accuracy-warning')).toContainText('85')
  await context.setGeolocation(HERE)
  await expect(page.getByTestId('accuracy')).toContainText('±8')
  await context.setOffline(true)

  // Bad input is named at the field before anything is saved.
  await page.getByTestId('save').click()
  await expect(page.locator('[data-field="kind"]')).toHaveText('请选择占道类型')

  await page.getByTestId('kind-shared_bike').click()
  await page.getByTestId('address').fill(ADDRESS)
  const plus = page.getByTestId('count-bike-a').getByRole('button', { name: /加一/ })
  for (let i = 0; i < 3; i++) await plus.click()
  await expect(page.getByTestId('count-bike-a').locator('input')).toHaveValue('3')
  await page.getByTestId('share-twoThirds').click()
  await page.getByTestId('photo-input').setInputFiles({ name: 'bikes.jpg', mimeType: 'image/jpeg', buffer: photo })
  await expect(page.getByTestId('photo-thumb')).toHaveCount(1)
  await page.getByTestId('save').click()
  // On a fresh server nothing is open here; a re-run finds its earlier report and says so first.
  const sheet = page.getByTestId('nearby-sheet')
  await expect(sheet.or(page.getByTestId('toast'))).toBeVisible()
  if (await sheet.isVisible()) await page.getByTestId('nearby-new').click()
  await expect(page).toHaveURL(/\/patrol$/)
  await expect(page.getByTestId('toast')).toHaveText('已保存，联网后自动同步')
  const item = page.getByTestId('patrol-item').filter({ hasText: ADDRESS })
  await expect(item.getByTestId('sync-state')).toHaveAttribute('data-sync', 'pending')
  // What the phone keeps (and will upload) is the re-encoded photo: EXIF already gone, named by its SHA-256.
  const kept = await page.evaluate(devicePhotos)
  expect(kept).toHaveLength(1)
  const keptBytes = new Uint8Array(kept[0]!.bytes)
  expect(hasExif(keptBytes)).toBe(false)
  expect(createHash('sha256').update(keptBytes).digest('hex')).toBe(kept[0]!.hash)

  // An unfinished draft, then a reload while still offline: both survive.
  await page.getByTestId('new-report').click()
  await page.getByTestId('note').fill('外卖电动车，未填完')
  await expect.poll(() => draftNote(page)).toBe('外卖电动车，未填完')
  await page.reload()
  await expect(page.getByTestId('note')).toHaveValue('外卖电动车，未填完')
  await page.goto('/patrol')
  await expect(page.getByTestId('draft-waiting')).toBeVisible()
  await expect(item.getByTestId('sync-state')).toHaveAttribute('data-sync', 'pending')

  // Back online: the report syncs.
  await context.setOffline(false)
  await expect(item.getByTestId('sync-state')).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })

  // The coordinator sees it; the stored photo carries no EXIF.
  const api = await apiSignedInAs(playwright.request, baseURL!, 'coordinator')
  type Row = {
    address: string
    photos: string[]
    counts: Record<string, number>
    reporter_name: string
    position: { lat: number; lng: number; source: string }
  }
  const reports = (await (await api.get('/api/patrol/reports?limit=2000')).json()) as Row[]
  const mine = reports.find((r) => r.address === ADDRESS)
  expect(mine).toMatchObject({ counts: { 'bike-a': 3 }, reporter_name: '王巡查' })
  expect(mine!.photos).toHaveLength(1)
  // The position is the mocked GPS fix, not the Shanghai coordinates in the photo's EXIF.
  expect(mine!.position).toMatchObject({ lat: HERE.latitude, lng: HERE.longitude, source: 'gps' })
  const stored = new Uint8Array(await (await api.get(`/api/media/${mine!.photos[0]}`)).body())
  expect([stored[0], stored[1]]).toEqual([0xff, 0xd8])
  expect(hasExif(stored)).toBe(false)
  expect(exifLatitude(stored)).toBeUndefined()
  expect(mine!.photos[0]).toBe(kept[0]!.hash)
  await api.dispose()
})

test('at a place with an open report, the inspector adds a sighting instead of a second report', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  // The seeded 外企大厦 pavement hotspot.
  await context.setGeolocation({ latitude: 39.89238, longitude: 116.47121, accuracy: 6 })
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('accuracy')).toContainText('±6')
  await page.getByTestId('kind-shared_bike').click()
  await page.getByTestId('share-full').click()
  await page.getByTestId('save').click()
  await expect(page.getByTestId('nearby-sheet')).toBeVisible()
  await page.getByTestId('nearby-same').first().click()
  await expect(page).toHaveURL(/\/patrol$/)
  const sighting = page.getByTestId('patrol-item').filter({ hasText: '复查' }).first()
  await expect(sighting.getByTestId('sync-state')).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 })
})
