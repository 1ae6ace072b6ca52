// Deployment settings (basemap, GPS threshold): fetched when online, cached for offline use.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ClientConfig } from '#domain/config.ts'
import { apiFetch } from '../api/http.ts'

/** The device's copy, imported on first use: the app shell does not load the device database for it. */
const repo = () => import('../db/config.ts')

export const useConfigStore = defineStore('config', () => {
  const config = ref<ClientConfig | null>(null)
  let loading: Promise<ClientConfig | null> | undefined

  function load(): Promise<ClientConfig | null> {
    loading ??= (async () => {
      config.value = (await (await repo()).loadCachedConfig()) ?? null
      try {
        const fresh = await apiFetch('/api/config', { schema: ClientConfig })
        config.value = fresh
        await (await repo()).saveConfig(fresh)
      } catch {
        /* offline: the cached copy (if any) stands */
      }
      return config.value
    })()
    return loading
  }

  return { config, load }
})
