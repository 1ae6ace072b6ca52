// Accounts on a 390×844 phone: counter workers switch user on the shared desk computer with a personal
// PIN (limited attempts, the wait named), the skill matrix fits the phone, and the admin resets a
// password (changed at the next sign-in) and disables a user.
import { expect, test, type Page } from '@playwright/test'
import { openUserMenu, signIn } from './support/helpers.ts'
import { signedInAs } from './support/sessions.ts'

async function setPin(page: Page, pin: string) {
  await page.getByTestId('pin-setup').locator('summary').click()
  await page.locator('#pin-new').fill(pin)
  await page.getByRole('button', { name: '设置 PIN' }).click()
  await expect(page.getByTestId('pin-setup').getByRole('status')).toHaveText('已为本机设置 PIN')
}

async function switchUser(page: Page) {
  await openUserMenu(page)
  await page.getByTestId('switch-user').click()
  await expect(page.getByTestId('switch-user-list')).toBeVisible()
}

const handledBy = (page: Page) => page.locator('#visit-worker option:checked')

test('counter workers switch user on the shared desk computer with their PIN; wrong PINs lock with the wait named', async ({ page }) => {
  await signIn(page, 'liuxiaoyan')
  await expect(page).toHaveURL(/\/counter$/)
  // The visit log names the signed-in worker.
  await expect(handledBy(page)).toHaveText('刘晓燕')
  await setPin(page, '4826')

  await switchUser(page)
  await page.locator('#username').fill('mali')
  await page.locator('#password').fill('lastmile-demo')
  await page.getByRole('button', { name: /^登录$/ }).click()
  await expect(page.getByTestId('current-user')).toContainText('马丽')
  await expect(handledBy(page)).toHaveText('马丽')
  await setPin(page, '5937')

  await switchUser(page)
  const list = page.getByTestId('switch-user-list')
  await expect(list.getByRole('button', { name: '以 马丽 登录' })).toBeVisible()
  await list.getByRole('button', { name: '以 刘晓燕 登录' }).click()
  await page.locator('#pin').fill('1111')
  await page.getByRole('button', { name: '进入', exact: true }).click()
  await expect(page.getByTestId('pin-form')).toContainText('PIN 不正确')
  await page.locator('#pin').fill('4826')
  await page.getByRole('button', { name: '进入', exact: true }).click()
  await expect(page.getByTestId('current-user')).toContainText('刘晓燕')
  await expect(handledBy(page)).toHaveText('刘晓燕')

  // Five wrong PINs for 马丽 on this device: the sixth attempt says how long to wait.
  await switchUser(page)
  await page.getByRole('button', { name: '以 马丽 登录' }).click()
  const enter = page.getByRole('button', { name: '进入', exact: true })
  for (let i = 0; i < 5; i++) {
    await page.locator('#pin').fill(`86${i}0`)
    await enter.click()
    await expect(page.getByTestId('pin-form')).toContainText('PIN 不正确')
  }
  await page.locator('#pin').fill('5937')
  await enter.click()
  await expect(page.getByTestId('login-error')).toHaveText(/^PIN 错误次数过多，请 (\d+ 分 )?\d+ 秒后再试，或用密码登录$/)
  await expect(enter).toBeDisabled()
})

test('the skill matrix fits a phone without sideways scrolling', async ({ page }) => {
  await signIn(page, 'counter')
  await page.goto('/counter/skills')
  const matrix = page.getByTestId('skills-matrix')
  await expect(matrix.getByRole('combobox').first()).toBeVisible()
  const sizes = await page.evaluate(() => {
    const root = document.scrollingElement!
    const box = document.querySelector('.counter-skills__scroll')!
    return { root: [root.scrollWidth, root.clientWidth], box: [box.scrollWidth, box.clientWidth] }
  })
  expect(sizes.root[0]).toBeLessThanOrEqual(sizes.root[1]!)
  expect(sizes.box[0]).toBeLessThanOrEqual(sizes.box[1]!)
  // Each matter is labelled beside its level.
  await expect(matrix.getByRole('combobox', { name: '马丽 · 城乡居民养老保险参保登记' })).toBeVisible()
})

test('the admin resets a password (changed at the next sign-in) and disables a user', async ({ page, browser }) => {
  await signedInAs(page, 'admin')
  await page.goto('/admin')
  page.on('dialog', (d) => void d.accept())
  await page.getByTestId('actions-wumin').getByRole('button', { name: '重置密码' }).click()
  const shown = page.getByTestId('temporary-password')
  await expect(shown).toContainText('吴敏 的临时密码')
  const temporary = (await shown.locator('code').textContent())!.trim()
  expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
  await shown.getByRole('button', { name: '我已记下' }).click()
  await page.getByTestId('actions-yangfan').getByRole('button', { name: '停用' }).click()
  await expect(page.getByTestId('users-notice')).toHaveText('已停用 杨帆')
  await expect(page.getByTestId('actions-yangfan').getByRole('button', { name: '启用' })).toBeVisible()

  const other = await browser.newContext()
  const phone = await other.newPage()
  await phone.goto('/login')
  await phone.locator('#username').fill('wumin')
  await phone.locator('#password').fill(temporary)
  await phone.getByRole('button', { name: /^登录$/ }).click()
  await expect(phone).toHaveURL(/\/password$/)
  await expect(phone.getByTestId('change-password')).toContainText('临时密码')
  await phone.locator('#pw-new').fill('housing-desk-window-3')
  await phone.locator('#pw-again').fill('housing-desk-window-3')
  await phone.getByRole('button', { name: '保存新密码' }).click()
  await expect(phone).toHaveURL(/\/counter$/)

  await phone.goto('/login')
  await phone.locator('#username').fill('yangfan')
  await phone.locator('#password').fill('lastmile-demo')
  await phone.getByRole('button', { name: /^登录$/ }).click()
  await expect(phone.getByTestId('login-error')).toHaveText('用户名或密码不正确')
  await other.close()
})
