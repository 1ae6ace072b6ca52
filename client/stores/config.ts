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
      // The device's copy and the network's answer are asked for together: the request does not wait
      // for the device database to load and open.
      const answer = apiFetch('/api/config', { schema: ClientConfig })
      const copy = repo()
        .then((r) => r.loadCachedConfig())
        .then((c) => {
          if (c && !config.value) config.value = c
        })
        .catch(() => undefined)
      try {
        const fresh = await answer
        config.value = fresh
        // Kept for offline use; the map does not wait for the write.
        void repo()
          .then((r) => r.saveConfig(fresh))
          .catch(() => undefined)
      } catch {
        /* offline: the cached copy (if any) stands */
        await copy
      }
      return config.value
    })()
    return loading
  }

  return { config, load }
})
