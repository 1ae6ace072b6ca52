// Two-step sign-in on a phone: a new coordinator sets up an authenticator from the QR code,
// keeps the recovery codes, later signs in with one of them; a wrong code is explained; the admin sees
// who has an authenticator and resets a lost one.
import { expect, test } from '@playwright/test'
import { totpCode } from '../api/auth/totp.ts'
import { openUserMenu } from './support/helpers.ts'
import { apiSignedInAs, signedInAs } from './support/sessions.ts'

const PASSWORD = 'a-long-pass-phrase-9'

test('a new coordinator enrols with the QR code, keeps recovery codes, and signs in with one later', async ({ page, playwright, baseURL }) => {
  const username = `coord-${Date.now().toString(36)}`
  const admin = await apiSignedInAs(playwright.request, baseURL!, 'admin')
  const created = await admin.post('/api/admin/users', { data: { username, display_name: '钱协调', role: 'coordinator', password: PASSWORD } })
  expect(created.status()).toBe(201)

  // First sign-in: the password, then the enrolment screen with a QR code and the key for typing.
  await page.goto('/login')
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('heading', { name: '绑定验证器' })).toBeVisible()
  await expect(page.getByTestId('totp-qr')).toBeVisible()
  await page.getByText('无法扫码？手动输入密钥').click()
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)

  // A wrong code is refused beside the field; the right one from "the phone" finishes.
  const right = totpCode(secret, new Date())
  await page.locator('#totp-code').fill(right === '000000' ? '111111' : '000000')
  await page.getByRole('button', { name: '验证', exact: true }).click()
  await expect(page.getByText('验证码不正确')).toBeVisible()
  await page.locator('#totp-code').fill(right)
  await page.getByRole('button', { name: '验证', exact: true }).click()

  // The recovery codes are shown once; going on needs the "saved" tick.
  const codes = page.getByTestId('recovery-codes').locator('li')
  await expect(codes).toHaveCount(10)
  const recovery = ((await codes.nth(2).textContent()) ?? '').trim()
  expect(recovery).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
  const go = page.getByRole('button', { name: '进入系统' })
  await expect(go).toBeDisabled()
  await page.getByTestId('codes-saved').check()
  await go.click()
  await expect(page).toHaveURL(/\/coordinator$/)
  await expect(page.getByTestId('current-user')).toContainText('钱协调')

  // Later, phone not at hand: a recovery code signs in.
  await openUserMenu(page)
  await page.getByRole('button', { name: '退出登录', exact: true }).click()
  await expect(page).toHaveURL(/\/login/)
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('heading', { name: '两步验证' })).toBeVisible()
  await page.getByTestId('use-recovery').click()
  await page.locator('#totp-code').fill(recovery)
  await page.getByRole('button', { name: '验证', exact: true }).click()
  await expect(page).toHaveURL(/\/coordinator$/)

  // The admin sees the authenticator and resets it (lost phone): the next sign-in enrols again.
  const users = (await (await admin.get('/api/admin/users')).json()) as { username: string; totp_enrolled: boolean }[]
  expect(users.find((u) => u.username === username)?.totp_enrolled).toBe(true)
  await admin.dispose()
})

test('the admin resets a user’s authenticator from the users page', async ({ page, playwright, baseURL }) => {
  const username = `coord-r-${Date.now().toString(36)}`
  await signedInAs(page, 'admin')
  // page.request shares the browser's session cookie.
  expect((await page.request.post('/api/admin/users', { data: { username, display_name: '孙协调', role: 'coordinator', password: PASSWORD } })).status()).toBe(
    201,
  )
  // Enrol through the API as the user would through the screen.
  const user = await playwright.request.newContext({ baseURL })
  expect((await user.post('/api/auth/login', { data: { username, password: PASSWORD } })).status()).toBe(202)
  const { secret } = (await (await user.post('/api/auth/totp/enrolment')).json()) as { secret: string }
  expect((await user.post('/api/auth/totp', { data: { code: totpCode(secret, new Date()) } })).status()).toBe(200)

  await page.goto('/admin')
  const cell = page.getByTestId(`totp-${username}`)
  await expect(cell).toContainText('已绑定')
  page.once('dialog', (d) => void d.accept())
  await cell.getByRole('button', { name: '重置' }).click()
  await expect(cell).toContainText('未绑定')
  await expect(page.getByText('已重置 孙协调 的两步验证')).toBeVisible()
  // Their signed-in device is out, and the next sign-in asks to enrol again.
  expect((await user.get('/api/auth/me')).status()).toBe(401)
  expect(await (await user.post('/api/auth/login', { data: { username, password: PASSWORD } })).json()).toEqual({ second_factor: 'enrol' })
  await user.dispose()
})
