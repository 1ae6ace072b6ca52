// Users and communities for the admin page (online only: user management is office IT work).
import { defineStore } from 'pinia'
import { z } from 'zod'
import { ref } from 'vue'
import { Community, TemporaryPassword, type UserCreate, UserSummary, type UserUpdate } from '#domain/auth.ts'
import { apiFetch } from '../api/http.ts'

export const useAdminStore = defineStore('admin', () => {
  const users = ref<UserSummary[]>([])
  const communities = ref<Community[]>([])
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load() {
    loading.value = true
    error.value = null
    try {
      const [u, c] = await Promise.all([
        apiFetch('/api/admin/users', { schema: z.array(UserSummary) }),
        apiFetch('/api/admin/communities', { schema: z.array(Community) }),
      ])
      users.value = u
      communities.value = c
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function createUser(input: UserCreate) {
    const created = await apiFetch('/api/admin/users', { schema: UserSummary, json: input })
    users.value = [...users.value, created].sort((a, b) => a.username.localeCompare(b.username))
    return created
  }

  /** Forget a user's authenticator (lost phone): their sessions end and they enrol again at next sign-in. */
  async function resetTotp(id: string) {
    await apiFetch(`/api/admin/users/${encodeURIComponent(id)}/totp`, { method: 'DELETE' })
    users.value = users.value.map((u) => (u.id === id ? { ...u, totp_enrolled: false } : u))
  }

  /** Disable or enable, a new name, role or communities; the server ends sessions where it must. */
  async function updateUser(id: string, change: UserUpdate) {
    const saved = await apiFetch(`/api/admin/users/${encodeURIComponent(id)}`, { schema: UserSummary, method: 'PATCH', json: change })
    users.value = users.value.map((u) => (u.id === id ? saved : u))
    return saved
  }

  /** A one-time temporary password for the user (shown once); their sessions and device PINs end. */
  async function resetPassword(id: string) {
    const { temporary_password } = await apiFetch(`/api/admin/users/${encodeURIComponent(id)}/password-reset`, { schema: TemporaryPassword, method: 'POST' })
    return temporary_password
  }

  return { users, communities, loading, error, load, createUser, resetTotp, updateUser, resetPassword }
})
