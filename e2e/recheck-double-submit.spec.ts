// 指派复查 on a phone: a double tap sends one request, and a resend after a lost answer carries the
// same id, so the inspector gets exactly one re-check; the form clears after success.
import { expect, test } from '@playwright/test'
import { apiSignIn } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

test('a double tap and a resend after a lost answer make one re-check, and the form clears', async ({ page, playwright, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signedInAs(page, 'coordinator')
  await page.goto('/coordinator')
  await page.getByTestId('hotspot-0').click()
  await expect(page).toHaveURL(/\/coordinator\/hotspots\/[0-9a-f-]{36}$/)

  const form = page.getByTestId('recheck-form')
  await form.getByTestId('recheck-assignee').selectOption({ label: '王巡查' })
  const note = `双击复查 ${Date.now()}`
  await form.getByTestId('recheck-note').fill(note)

  // The first request reaches the server, but its answer is lost on the way back (a network cut).
  const sent: { id: string; note: string }[] = []
  await page.route('**/api/patrol/review/rechecks', async (route) => {
    sent.push(route.request().postDataJSON() as { id: string; note: string })
    if (sent.length === 1) {
      const answer = await route.fetch()
      expect(answer.status()).toBe(201)
      await route.abort('internetdisconnected')
    } else await route.continue()
  })

  await form.getByTestId('recheck-submit').dblclick()
  await expect(form.getByTestId('recheck-error')).toBeVisible()
  expect(sent).toHaveLength(1) // the second tap sent nothing: the button waited for the answer
  await expect(form.getByTestId('recheck-note')).toHaveValue(note) // kept, to send again

  // Sending again is the same submission: the server answers with the re-check it already made.
  const made = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/patrol/review/rechecks')
  await form.getByTestId('recheck-submit').click()
  expect((await made).status()).toBe(201)
  await expect(page.getByTestId('recheck-done')).toBeVisible()
  await expect(form.getByTestId('recheck-error')).toHaveCount(0)
  await expect(form.getByTestId('recheck-note')).toHaveValue('')
  expect(sent).toHaveLength(2)
  expect(sent[1]!.id).toBe(sent[0]!.id)
  await page.screenshot({ path: 'test-results/recheck-double-submit-390.png', fullPage: false })

  // The inspector's phone pulls exactly one re-check with that note.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } })
  await apiSignIn(api, 'inspector')
  const pulled = (await (await api.get('/api/sync/pull?since=0&limit=1000')).json()) as {
    changes: { entity: string; entity_id: string; record: { note?: string } | null }[]
  }
  const mine = pulled.changes.filter((c) => c.entity === 'recheck' && c.record?.note === note)
  expect(mine.map((c) => c.entity_id)).toEqual([sent[0]!.id])
  await api.dispose()

  // A new fill is a new re-check: another id.
  await form.getByTestId('recheck-note').fill(`${note} 第二次`)
  await page.unroute('**/api/patrol/review/rechecks')
  const again = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/patrol/review/rechecks')
  await form.getByTestId('recheck-submit').click()
  expect(((await again).postDataJSON() as { id: string }).id).not.toBe(sent[0]!.id)
  await expect(form.getByTestId('recheck-note')).toHaveValue('')
  await page.setViewportSize({ width: 1440, height: 900 })
  await form.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/recheck-double-submit-1440.png', fullPage: false })
})
