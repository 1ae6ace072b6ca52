// The audit log for the admin page: newest first, one entity at a time if asked, "more" by cursor.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { AuditPage, type AuditRow } from '#domain/audit.ts'
import { apiFetch } from '../api/http.ts'

export const useAuditStore = defineStore('audit', () => {
  const items = ref<AuditRow[]>([])
  const next = ref<string | null>(null)
  /** Names of the records the loaded entries mention (id → name). */
  const names = ref<Record<string, string>>({})
  const entity = ref('')
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function fetchPage(before?: string) {
    const qs = new URLSearchParams({ limit: '50' })
    if (entity.value) qs.set('entity', entity.value)
    if (before) qs.set('before', before)
    loading.value = true
    error.value = null
    try {
      const page = await apiFetch(`/api/admin/audit?${qs}`, { schema: AuditPage })
      items.value = before ? [...items.value, ...page.items] : page.items
      names.value = before ? { ...names.value, ...page.names } : page.names
      next.value = page.next
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  return { items, next, names, entity, loading, error, load: () => fetchPage(), more: () => (next.value ? fetchPage(next.value) : Promise.resolve()) }
})
