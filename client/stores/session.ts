// Who is signed in. The identity is cached in Dexie so a user who signed in before can reopen the
// app offline; an expired session only marks `expired` — local work stays and waits for sign-in.
// The device database is imported when first needed, so the app shell (residents' pages, sign-in)
// does not download or open Dexie before its first render.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref } from 'vue'
import { LoginChallenge, Me, PinUser, type Role, SecondFactorResult, TotpEnrolment } from '#domain/auth.ts'
import { ROLE_HOME } from '#domain/auth.ts'
import { apiFetch, ProblemError, NetworkError, onUnauthorized } from '../api/http.ts'

const identityRepo = () => import('../db/identity.ts')

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
      if (cached && !me.value) me.value = cached
      restored.value = true
      // Only a device that signed in before asks who it is; a resident's visit makes no 401 noise.
      if (cached) void refresh()
    })()
    return restoring
  }

  async function refresh() {
    try {
      const fresh = await apiFetch('/api/auth/me', { schema: Me })
      me.value = fresh
      expired.value = false
      await (await identityRepo()).saveIdentity(fresh)
    } catch (e) {
      if (e instanceof ProblemError && e.status === 401 && me.value) expired.value = true
      if (!(e instanceof NetworkError) && !(e instanceof ProblemError)) throw e
    }
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

  async function adopt(fresh: Me) {
    // A different user on this device: their identity replaces the cached one (pending work stays in the outbox).
    me.value = fresh
    expired.value = false
    await (await identityRepo()).saveIdentity(fresh)
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
