// Reused sign-ins for e2e tests that are not about signing in. A coordinator's or admin's sign-in takes
// the demo authenticator's next unused code, and the server accepts no step twice: a burst of such
// sign-ins waits up to 30 s each for the next step. So an account signs in for real once per
// Playwright worker (the form for a page, the API for a request context) and later tests take that
// session's cookie, after the server confirms it is still live (GET /api/auth/me); a session ended in
// between (signed out, password changed, expired) is replaced by a new real sign-in.
import { expect, test, type APIRequest, type APIRequestContext, type Cookie, type Page } from '@playwright/test'
import { Me, ROLE_HOME } from '#domain/auth.ts'
import { SESSION_COOKIE } from '../../api/auth/sessions.ts'
import { apiSignIn, signIn } from './helpers.ts'

/** The live session cookie per server and account, kept for the worker's lifetime. */
const sessions = new Map<string, Cookie>()

const keyOf = (baseURL: string, username: string) => `${new URL(baseURL).origin} ${username}`

function sessionCookie(cookies: readonly Cookie[]): Cookie | undefined {
  return cookies.find((c) => c.name === SESSION_COOKIE)
}

/**
 * Signs `page` in as `username` and leaves it on the role's home page, like `signIn`; the first time
 * in this worker through the form, later with the same session. Tests about signing in use `signIn`.
 */
export async function signedInAs(page: Page, username: string): Promise<void> {
  const context = page.context()
  const baseURL = new URL(test.info().project.use.baseURL!).origin
  const key = keyOf(baseURL, username)
  const saved = sessions.get(key)
  if (saved) {
    await context.addCookies([saved])
    const res = await page.request.get('/api/auth/me')
    if (res.ok()) {
      const me = Me.parse(await res.json())
      if (me.username === username) {
        await replaceCachedIdentity(page, baseURL, me)
        await page.goto(ROLE_HOME[me.role])
        await expect(page.getByTestId('current-user')).toBeAttached()
        return
      }
    }
    sessions.delete(key)
  }
  await signIn(page, username)
  const cookie = sessionCookie(await context.cookies(baseURL))
  if (cookie) sessions.set(key, cookie)
}

/** A request context signed in as `username` (its session shared with `signedInAs` in this worker). */
export async function apiSignedInAs(
  request: APIRequest,
  baseURL: string,
  username: string,
  options: Omit<NonNullable<Parameters<APIRequest['newContext']>[0]>, 'baseURL' | 'storageState'> = {},
): Promise<APIRequestContext> {
  const key = keyOf(baseURL, username)
  const saved = sessions.get(key)
  if (saved) {
    const api = await request.newContext({ ...options, baseURL, storageState: { cookies: [saved], origins: [] } })
    const res = await api.get('/api/auth/me')
    if (res.ok() && Me.parse(await res.json()).username === username) return api
    await api.dispose()
    sessions.delete(key)
  }
  const api = await request.newContext({ ...options, baseURL })
  await apiSignIn(api, username)
  const cookie = sessionCookie((await api.storageState()).cookies)
  if (cookie) sessions.set(key, cookie)
  return api
}

/**
 * The app shows the identity it keeps on the device and confirms it with the server afterwards; a page
 * already signed in as someone else would first be routed by that old identity. So the device's copy
 * becomes the session's user, as the form's sign-in leaves it. A page that has not opened the app yet
 * keeps none: the app asks the server who the cookie belongs to.
 */
async function replaceCachedIdentity(page: Page, baseURL: string, me: Me): Promise<void> {
  if (!page.url().startsWith(baseURL)) return
  await page.evaluate(async (identity) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'lastmile')) return
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('lastmile')
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    try {
      if (!db.objectStoreNames.contains('identity')) return
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('identity', 'readwrite')
        tx.objectStore('identity').put({ key: 'me', me: identity, signed_in_at: new Date().toISOString() })
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
      })
    } finally {
      db.close()
    }
  }, me)
}
