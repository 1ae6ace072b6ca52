// The monthly brief for the brief page and the coordinator's home card: the server computes it, this
// store asks for a month and place and keeps the answer (or the problem that came instead).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { BriefGlance, MonthlyBrief } from '#domain/brief/brief.ts'
import { apiFetch } from '../api/http.ts'

const queryOf = (month: string, community: string) => {
  const q = new URLSearchParams()
  if (month) q.set('month', month)
  if (community) q.set('community', community)
  return q.toString()
}

export const useBriefStore = defineStore('brief', () => {
  const brief = ref<MonthlyBrief | null>(null)
  const glance = ref<BriefGlance | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load(month: string, community: string) {
    loading.value = true
    error.value = null
    try {
      brief.value = await apiFetch(`/api/brief?${queryOf(month, community)}`, { schema: MonthlyBrief })
    } catch (e) {
      brief.value = null
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function loadGlance() {
    glance.value = await apiFetch('/api/brief/glance', { schema: BriefGlance })
  }

  /** Where the .docx of a month and place downloads from (the browser sends the session cookie). */
  const docxUrl = (month: string, community: string) => `/api/brief/brief.docx?${queryOf(month, community)}`

  return { brief, glance, loading, error, load, loadGlance, docxUrl }
})
