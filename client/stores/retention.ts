// Retention of residents' personal data for the admin page: the two periods, the last purge, and
// "purge now" (online only: this is office IT work, and the server decides what is due).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { PurgeResult, type RetentionInput, RetentionView } from '#domain/retention.ts'
import { apiFetch } from '../api/http.ts'

export const useRetentionStore = defineStore('retention', () => {
  const view = ref<RetentionView | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load() {
    loading.value = true
    error.value = null
    try {
      view.value = await apiFetch('/api/admin/retention', { schema: RetentionView })
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  /** Throws ProblemError (field errors for the form) or NetworkError. */
  async function save(input: RetentionInput) {
    view.value = await apiFetch('/api/admin/retention', { schema: RetentionView, method: 'PUT', json: input })
  }

  /** Runs the purge for this subdistrict now; the answer becomes the "last purge". */
  async function purgeNow(): Promise<PurgeResult> {
    const result = await apiFetch('/api/admin/retention/purge', { schema: PurgeResult, method: 'POST' })
    if (view.value) view.value = { ...view.value, last_purge: result }
    return result
  }

  return { view, loading, error, load, save, purgeNow }
})
