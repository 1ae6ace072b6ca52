// Who is signed in. The identity is cached in Dexie so a user who signed in before can reopen the
// app offline; an expired session only marks `expired` — local work stays and waits for sign-in.
// The device database is imported when first needed, so the app shell (residents' pages, sign-in)
// does not download or open Dexie before its first render.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref } from 'vue'
import { LoginChallenge, Me, PinUser, type Role, SecondFactorResult, TotpEnrolment } from '#domain/identity.ts'
import { ROLE_HOME } from '#domain/roles.ts'
import { apiFetch, ProblemError, NetworkError, onUnauthorized } from '../api/http.ts'

const identityRepo = () => import('../db/identity.ts')

/**
 * Whether this device keeps a signed-in identity in its database, noted where reading it costs nothing:
 * a resident's device never downloads or opens the database just to learn it keeps none. Without
 * storage the answer is "maybe", and the database is read.
 */
const KEPT_KEY = 'lastmile.identity-kept'
/** How long a signed-in page waits for the server's answer before it reads the cached identity too. */
const CACHE_AFTER_MS = 1000
function noteKept(kept: boolean) {
  try {
    if (kept) localStorage.setItem(KEPT_KEY, '1')
    else localStorage.removeItem(KEPT_KEY)
  } catch {
    /* storage unavailable: residents' pages read the database instead */
  }
}
function maybeKept(): boolean {
  try {
    return localStorage.getItem(KEPT_KEY) !== null
  } catch {
    return true
  }
}

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  /** The server said our session is gone; we keep working locally until the user signs in again. */
  const expired = ref(false)
  const restored = ref(false)
  let restoring: Promise<void> | undefined

  const role = computed<Role | null>(() => me.value?.role ?? null)
  const home = computed(() => (me.value ? ROLE_HOME[me.value.role] : '/login'))

  onUnauthorized(() => {
    if (me.value) expired.value = true
  })

  /** On start: the cached identity first (works offline), then confirm with the server when reachable. */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      const cached = await (await identityRepo()).loadIdentity()
      const fromCache = !!cached && !me.value
      if (fromCache) me.value = cached
      if (cached) noteKept(true)
      restored.value = true
      // Only a device that signed in before asks who it is; a resident's visit makes no 401 noise.
      // When the server was asked already (identify), its answer stands: a session it said is gone
      // leaves the cached identity expired.
      if (cached && serverSaid === undefined && !asking) void refresh()
      if (fromCache && serverSaid === 'signed-out') expired.value = true
    })()
    return restoring
  }

  /** Residents' pages and sign-in: the cached identity (for the header's menu), read only on a device that keeps one. */
  function restoreIfKept(): Promise<void> {
    return maybeKept() ? restore() : Promise.resolve()
  }

  /**
   * For a page that needs someone signed in: the server is asked first, and its identity opens the
   * page without the device database (a first visit would wait for it to be created). Offline, with
   * the session gone, or when the server is slow to answer, the cached identity is read too and the
   * first identity either gives is enough.
   */
  async function identify(): Promise<void> {
    const never = new Promise<void>(() => {})
    const answered = ask().answered
    const first = await Promise.race([
      answered.then(
        (fresh) => (fresh ? 'me' : 'none'),
        () => 'none',
      ),
      new Promise<'slow'>((r) => setTimeout(() => r('slow'), CACHE_AFTER_MS)),
    ])
    if (first === 'me') return
    const server = answered.then(
      (fresh) => (fresh ? undefined : never),
      () => never,
    )
    await Promise.race([restore(), server])
  }

  /** Asks the server who is signed in and keeps the answer; calls made while one is on its way share it. */
  function refresh(): Promise<void> {
    return ask().kept
  }

  /** The question on its way: `answered` once the server said (or could not), `kept` once the identity is stored. */
  let asking: { answered: Promise<Me | null>; kept: Promise<void> } | undefined
  /** The server's last answer: an identity, no session (401), or no answer (offline, an error). */
  let serverSaid: 'me' | 'signed-out' | 'none' | undefined
  function ask() {
    if (asking) return asking
    const answered = apiFetch('/api/auth/me', { schema: Me }).then(
      (fresh) => {
        me.value = fresh
        expired.value = false
        serverSaid = 'me'
        return fresh
      },
      (e: unknown) => {
        serverSaid = e instanceof ProblemError && e.status === 401 ? 'signed-out' : 'none'
        if (serverSaid === 'signed-out' && me.value) expired.value = true
        if (!(e instanceof NetworkError) && !(e instanceof ProblemError)) throw e
        return null
      },
    )
    const kept = answered.then(async (fresh) => {
      if (fresh) await keep(fresh)
    })
    const current = { answered, kept }
    const done = () => {
      if (asking === current) asking = undefined
    }
    kept.then(done, done)
    return (asking = current)
  }

  /** The password step: signed in (Me), or a second factor comes next (coordinator, admin by default). */
  async function login(username: string, password: string): Promise<Me | LoginChallenge> {
    const answer = await apiFetch('/api/auth/login', { schema: z.union([Me, LoginChallenge]), json: { username, password } })
    if ('second_factor' in answer) return answer
    await adopt(answer)
    return answer
  }

  /** Enrolment: the secret and otpauth:// URI of the pending sign-in, for the QR code. */
  function startEnrolment() {
    return apiFetch('/api/auth/totp/enrolment', { schema: TotpEnrolment, method: 'POST' })
  }

  /** The code step; right after an enrolment the answer carries the recovery codes, shown once. */
  async function verifySecondFactor(code: string) {
    const result = await apiFetch('/api/auth/totp', { schema: SecondFactorResult, json: { code } })
    await adopt(result.me)
    return result
  }

  /** A new password: the current one too, unless signed in with an admin's temporary password. */
  async function changePassword(newPassword: string, currentPassword?: string) {
    const fresh = await apiFetch('/api/auth/password', {
      schema: Me,
      json: { new_password: newPassword, ...(currentPassword ? { current_password: currentPassword } : {}) },
    })
    await adopt(fresh)
  }

  /** A PIN for switching back to this user quickly on this device (the server binds it to the device). */
  function setPin(pin: string) {
    return apiFetch('/api/auth/pin', { method: 'PUT', json: { pin } })
  }

  function removePin() {
    return apiFetch('/api/auth/pin', { method: 'DELETE' })
  }

  /** Who set a PIN on this device: the switch-user list of the sign-in page. */
  function pinUsers() {
    return apiFetch('/api/auth/pin/users', { schema: z.array(PinUser) })
  }

  /** Switch user with a PIN: the previous user's session on this device ends on the server. */
  async function pinLogin(userId: string, pin: string) {
    await adopt(await apiFetch('/api/auth/pin/login', { schema: Me, json: { user_id: userId, pin } }))
  }

  async function keep(fresh: Me) {
    await (await identityRepo()).saveIdentity(fresh)
    noteKept(true)
  }

  async function adopt(fresh: Me) {
    // A different user on this device: their identity replaces the cached one (pending work stays in the outbox).
    me.value = fresh
    expired.value = false
    await keep(fresh)
    requestPersistentStorage()
  }

  async function logout(everywhere = false) {
    try {
      await apiFetch(everywhere ? '/api/auth/logout-all' : '/api/auth/logout', { method: 'POST' })
    } catch (e) {
      if (!(e instanceof NetworkError) && !(e instanceof ProblemError)) throw e
    }
    me.value = null
    expired.value = false
    await (await identityRepo()).clearIdentity()
    noteKept(false)
    // Privacy: forget cached server data on this device; unsent work (outbox, its photos, drafts) stays.
    await (await import('../db/clear-cache.ts')).clearCachedData()
  }

  return {
    me,
    role,
    home,
    expired,
    restored,
    restore,
    restoreIfKept,
    identify,
    refresh,
    login,
    startEnrolment,
    verifySecondFactor,
    logout,
    changePassword,
    setPin,
    removePin,
    pinUsers,
    pinLogin,
  }
})

/** Ask the browser not to evict our data under storage pressure. */
function requestPersistentStorage() {
  if (typeof navigator !== 'undefined' && navigator.storage?.persist) void navigator.storage.persist().catch(() => false)
}
