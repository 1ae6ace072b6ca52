// Patrol in daily use. On a 390×844 phone: a report needs more than its kind; the nearby sheet closes
// with Esc, a tap beside it or its close button; a re-check saved from that sheet leaves no draft
// behind; an assigned re-check's draft survives a reload and "清空表单" turns it back into a new report;
// My patrol shows what the office did with a report and its note, offline too. On a 1440×900 desktop:
// hotspots under an agreement say so, those without one are marked and can be listed alone, and the
// map's timings stay hidden without the debug switch.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { uuidv7 } from '../api/domain/ids.ts'
import { apiSignIn, signIn, waitForServiceWorker } from './support/helpers.ts'
import { apiSignedInAs, signedInAs } from './support/sessions.ts'

// The seeded 外企大厦 pavement hotspot: open reports within 50 m.
const BUSY = { latitude: 39.89238, longitude: 116.47121, accuracy: 6 }
// A pavement of 九龙南 away from the seeded hotspots.
const QUIET = { lat: 39.8965, lng: 116.4745 }
const run = Date.now().toString(36)

/** Files a report as the inspector through the sync API, as a phone would. */
/**
 * One operator's count in the capture draft as stored on the device: the form autosaves after each
 * change, and a reload restores what was stored, not what is on screen.
 */
const storedCount = (page: Page, operator: string) =>
  page.evaluate(
    (op) =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('lastmile')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const all = db.transaction('patrol_drafts').objectStore('patrol_drafts').getAll()
          all.onerror = () => reject(all.error)
          all.onsuccess = () => {
            db.close()
            const counts = (all.result as { counts?: Record<string, number> }[]).map((d) => d.counts?.[op])
            resolve(counts.find((n) => n !== undefined) ?? null)
          }
        }
      }),
    operator,
  )

async function pushReport(api: APIRequestContext, baseURL: string, address: string): Promise<string> {
  const id = uuidv7()
  const res = await api.post('/api/sync/push', {
    headers: { origin: baseURL },
    data: {
      device_id: `e2e-${run}`,
      mutations: [
        {
          id: uuidv7(),
          entity: 'report',
          entity_id: id,
          op: 'put',
          base_version: null,
          client_time: new Date().toISOString(),
          data: {
            position: { ...QUIET, accuracy_m: 7, source: 'gps' },
            community_id: 'jiulongnan',
            address,
            kind: 'delivery_ebike',
            counts: { 'delivery-jia': 5 },
            blocked_share: 0.5,
            observed_at: new Date(Date.now() - 60_000).toISOString(),
          },
        },
      ],
    },
  })
  expect(res.status()).toBe(200)
  expect(((await res.json()) as { results: { status: string }[] }).results[0]!.status).toBe('applied')
  return id
}

test('a kind alone is refused at the field; the nearby sheet closes three ways; a re-check saved from it leaves no draft', async ({ page, context }) => {
  await context.grantPermissions(['geolocation'])
  await context.setGeolocation(BUSY)
  await signIn(page, 'inspector')
  await page.goto('/patrol/new')
  await expect(page.getByTestId('accuracy')).toContainText('±6')

  // Only a kind: refused before anything is saved, the message at the vehicle counts.
  await page.getByTestId('kind-shared_bike').click()
  await page.getByTestId('save').click()
  await expect(page.locator('[data-field="counts"]')).toHaveText('请至少填写一项：车辆数量、被占宽度或照片')
  await expect(page.getByTestId('nearby-sheet')).toHaveCount(0)

  await page.getByTestId('count-bike-a').getByRole('button', { name: /加一/ }).click()
  await expect(page.locator('[data-field="counts"]')).toHaveCount(0)
  const sheet = page.getByTestId('nearby-sheet')
  // Esc, a tap on the dimmed page above the sheet, the close button: each goes back to the form.
  await page.getByTestId('save').click()
  await expect(sheet).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  await page.getByTestId('save').click()
  await expect(sheet).toBeVisible()
  await sheet.click({ position: { x: 20, y: 20 } })
  await expect(sheet).toHaveCount(0)
  await page.getByTestId('save').click()
  await expect(sheet).toBeVisible()
  await page.screenshot({ path: 'test-results/patrol-daily-nearby-390.png' })
  await page.getByTestId('nearby-close').click()
  await expect(sheet).toHaveCount(0)
  await expect(page).toHaveURL(/\/patrol\/new$/)

  // "同一地点 — 添加复查": saved as a sighting of that report, and the draft is gone with it.
  await page.getByTestId('save').click()
  await page.getByTestId('nearby-same').first().click()
  await expect(page).toHaveURL(/\/patrol$/)
  await expect(page.getByTestId('toast')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('patrol-list')).toBeVisible()
  await expect(page.getByTestId('draft-waiting')).toHaveCount(0)
  // The next "+ 新建上报" is a new report: kind to choose, counts at zero, no re-check banner.
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('kind-shared_bike')).toBeVisible()
  await expect(page.getByTestId('kind-shared_bike')).toHaveAttribute('aria-checked', 'false')
  await expect(page.getByTestId('count-bike-a').locator('input')).toHaveValue('0')
  await expect(page.getByTestId('sighting-banner')).toHaveCount(0)
})

test('an assigned re-check: its draft survives a reload as a re-check, "清空表单" returns to a new report; My patrol shows the review and its note offline', async ({
  page,
  context,
  playwright,
  baseURL,
}) => {
  const address = `九龙南东侧人行道（e2e ${run}）`
  const inspectorApi = await playwright.request.newContext({ baseURL })
  await apiSignIn(inspectorApi, 'inspector')
  const me = (await (await inspectorApi.get('/api/auth/me')).json()) as { id: string }
  const reportId = await pushReport(inspectorApi, baseURL!, address)
  await inspectorApi.dispose()

  const office = await apiSignedInAs(playwright.request, baseURL!, 'coordinator')
  const note = '已通知外卖平台，周五前清理'
  const changed = await office.post(`/api/patrol/review/reports/${reportId}/status`, { headers: { origin: baseURL! }, data: { status: 'in_progress', note } })
  expect(changed.status()).toBe(200)
  const due = new Date(Date.now() + 86_400_000).toISOString()
  const assigned = await office.post('/api/patrol/review/rechecks', {
    headers: { origin: baseURL! },
    data: { report_id: reportId, assignee_id: me.id, due_at: due, note: '看看是否清理' },
  })
  expect(assigned.status()).toBe(201)
  await office.dispose()

  await context.grantPermissions(['geolocation'])
  await context.setGeolocation({ latitude: QUIET.lat, longitude: QUIET.lng, accuracy: 6 })
  await signIn(page, 'inspector')
  await expect(page).toHaveURL(/\/patrol$/)
  await waitForServiceWorker(page)

  // What became of the report: its review status and the coordinator's note, on the item.
  const item = page.getByTestId('patrol-item').filter({ hasText: address })
  await expect(item.getByTestId('review-status')).toHaveText('处理进度：处理中', { timeout: 30_000 })
  await expect(item.getByTestId('review-note')).toHaveText(`协调员备注：${note}`)

  // Answer the re-check: the form is a sighting of that report; a count typed, then a reload.
  const inbox = page.getByTestId('recheck-inbox').locator(`[data-report="${reportId}"]`)
  await expect(inbox).toBeVisible({ timeout: 30_000 })
  await inbox.getByTestId('recheck-go').click()
  await expect(page).toHaveURL(/\/patrol\/new$/)
  await expect(page.getByTestId('sighting-banner')).toContainText(address)
  await expect(page.getByTestId('kind-shared_bike')).toHaveCount(0)
  await page.getByTestId('count-delivery-jia').getByRole('button', { name: /加一/ }).click()
  await expect(page.getByTestId('count-delivery-jia').locator('input')).toHaveValue('1')
  await expect.poll(() => storedCount(page, 'delivery-jia')).toBe(1)
  await page.reload()
  await expect(page.getByTestId('sighting-banner')).toContainText(address)
  await expect(page.getByTestId('count-delivery-jia').locator('input')).toHaveValue('1')
  // My patrol nudges; "+ 新建上报" resumes the same re-check.
  await page.goto('/patrol')
  await expect(page.getByTestId('draft-waiting')).toBeVisible()
  await page.getByTestId('new-report').click()
  await expect(page.getByTestId('sighting-banner')).toContainText(address)
  await expect(page.getByTestId('count-delivery-jia').locator('input')).toHaveValue('1')
  // "清空表单": a new report with empty fields, and it stays one after a reload.
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: '清空表单' }).click()
  await expect(page.getByTestId('sighting-banner')).toHaveCount(0)
  await expect(page.getByTestId('kind-shared_bike')).toBeVisible()
  await expect(page.getByTestId('count-delivery-jia').locator('input')).toHaveValue('0')
  await page.reload()
  await expect(page.getByTestId('kind-shared_bike')).toBeVisible()
  await expect(page.getByTestId('sighting-banner')).toHaveCount(0)

  // Offline, after a reload: the review and its note are still on the item, read from the device.
  await page.goto('/patrol')
  await expect(item.getByTestId('review-note')).toBeVisible()
  await expect(page.getByTestId('draft-waiting')).toHaveCount(0)
  await context.setOffline(true)
  await page.reload()
  await expect(item.getByTestId('review-status')).toHaveText('处理进度：处理中', { timeout: 20_000 })
  await expect(item.getByTestId('review-note')).toHaveText(`协调员备注：${note}`)
  await page.screenshot({ path: 'test-results/patrol-daily-home-390.png' })
  await context.setOffline(false)
})

test('the coordinator sees hotspots under agreement as such, marks those without one, and timings only with ?debug=1', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  const list = page.getByTestId('hotspot-list')
  await expect(list.locator('li').first()).toBeVisible()
  await expect(page.getByTestId('timing')).toHaveCount(0)
  await expect(page.getByText(/建索引/)).toHaveCount(0)

  // A hotspot nobody has agreed anything for is marked; an agreement put in force about it makes it '协议治理中'.
  type Hotspot = { id: string; landmark: string; status: string; agreement: { id: string } | null }
  const free = ((await (await page.request.get('/api/patrol/hotspots?limit=100&agreement=none')).json()) as { items: Hotspot[] }).items
  const target = free.find((h) => h.status === 'new' || h.status === 'watching')!
  const row = list.locator(`a[href="/coordinator/hotspots/${target.id}"]`)
  await expect(row.getByTestId('no-agreement')).toHaveText('无协议')
  await expect(row.getByTestId('hotspot-status-chip')).not.toHaveText('协议治理中')
  const parties = (await (await page.request.get('/api/patrol/parties')).json()) as { id: string }[]
  const signature = { kind: 'verbal', witness: '九龙南社区 工作人员', signed_at: new Date().toISOString() }
  const pushed = await page.request.post('/api/sync/push', {
    headers: { origin: new URL(page.url()).origin },
    data: {
      device_id: `e2e-desk-${run}`,
      mutations: [
        {
          id: uuidv7(),
          entity: 'agreement',
          entity_id: uuidv7(),
          op: 'put',
          base_version: null,
          client_time: new Date().toISOString(),
          data: {
            title: `e2e 协议 ${run}`,
            community_id: 'jiulongnan',
            location: { lat: 39.8925, lng: 116.4705, address: '' },
            hotspot_ids: [target.id],
            measure: '车辆停入划线区域',
            effective_date: new Date().toISOString().slice(0, 10),
            status: 'active',
            parties: parties.slice(0, 2).map((p) => ({ party_id: p.id, signature })),
            commitments: [{ party_id: parties[0]!.id, text: '每天清运' }],
          },
        },
      ],
    },
  })
  expect(((await pushed.json()) as { results: { status: string }[] }).results[0]!.status).toBe('applied')
  await page.reload()
  await expect(row.getByTestId('hotspot-status-chip')).toHaveText('协议治理中')
  await expect(row.getByTestId('no-agreement')).toHaveCount(0)
  await expect(list.getByTestId('no-agreement').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/patrol-daily-coordinator-1440.png' })

  // Only the hotspots without an agreement.
  const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/patrol/hotspots' && new URL(r.url()).searchParams.get('agreement') === 'none')
  await page.getByTestId('filter-no-agreement').check()
  await listed
  await expect(list.locator('li').first()).toBeVisible()
  const rows = await list.locator('li').count()
  await expect(list.getByTestId('no-agreement')).toHaveCount(rows)
  await expect(row).toHaveCount(0)

  // The hotspot page links its agreement.
  await page.getByTestId('filter-no-agreement').uncheck()
  await row.click()
  await expect(page.getByTestId('hotspot-status')).toHaveText('协议治理中')
  await expect(page.getByTestId('hotspot-agreement')).toContainText(`协议：e2e 协议 ${run}`)
  await page.screenshot({ path: 'test-results/patrol-daily-hotspot-1440.png' })

  // The developer switch shows the timings, and remembers it on this device.
  await page.goto('/coordinator?debug=1')
  await expect(page.getByTestId('timing')).toContainText(/[1-9]\d* 个瓦片/)
  await page.goto('/coordinator?debug=0')
  await expect(list.locator('li').first()).toBeVisible()
  await expect(page.getByTestId('timing')).toHaveCount(0)
})
