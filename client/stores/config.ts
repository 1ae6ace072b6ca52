// Deployment settings (basemap, GPS threshold): fetched when online, cached for offline use.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ClientConfig } from '#domain/config.ts'
import { apiFetch } from '../api/http.ts'
import { loadCachedConfig, saveConfig } from '../db/config.ts'

export const useConfigStore = defineStore('config', () => {
  const config = ref<ClientConfig | null>(null)
  let loading: Promise<ClientConfig | null> | undefined

  function load(): Promise<ClientConfig | null> {
    loading ??= (async () => {
      config.value = (await loadCachedConfig()) ?? null
      try {
        const fresh = await apiFetch('/api/config', { schema: ClientConfig })
        config.value = fresh
        await saveConfig(fresh)
      } catch {
        /* offline: the cached copy (if any) stands */
      }
      return config.value
    })()
    return loading
  }

  return { config, load }
})
