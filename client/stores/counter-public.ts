// Residents' guide catalogue: fetched once, kept on the device, searched locally (Chinese text or
// the pinyin initials the server computed), so the checklist opens even with a weak signal.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref } from 'vue'
import { GuidePublic } from '#domain/counter/guides.ts'
import { searchGuides } from '#domain/counter/search.ts'
import { apiFetch, ProblemError, NetworkError } from '../api/http.ts'
import { readCache, writeCache } from './counter-cache.ts'

export const useCounterPublicStore = defineStore('counter-public', () => {
  const guides = ref<GuidePublic[]>(readCache<GuidePublic[]>('public-guides') ?? [])
  const query = ref('')
  const loading = ref(false)
  const error = ref<string | null>(null)
  const offline = ref(false)

  const results = computed(() => searchGuides(guides.value, query.value))

  async function load() {
    loading.value = true
    error.value = null
    try {
      guides.value = await apiFetch('/api/counter/public/guides', { schema: z.array(GuidePublic) })
      writeCache('public-guides', guides.value)
      offline.value = false
    } catch (e) {
      if (e instanceof NetworkError) offline.value = true
      else error.value = e instanceof ProblemError ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  /** One guide by code: from the device first, refreshed from the server when reachable. */
  async function loadOne(code: string): Promise<GuidePublic | null> {
    const cached = guides.value.find((g) => g.code === code) ?? null
    try {
      const fresh = await apiFetch(`/api/counter/public/guides/${encodeURIComponent(code)}`, { schema: GuidePublic })
      guides.value = [...guides.value.filter((g) => g.code !== code), fresh]
      writeCache('public-guides', guides.value)
      return fresh
    } catch (e) {
      if (e instanceof ProblemError && e.status === 404) return null
      if (e instanceof NetworkError) offline.value = true
      return cached
    }
  }

  return { guides, query, results, loading, error, offline, load, loadOne }
})
