// Deployment settings (basemap, GPS threshold): fetched when online, cached for offline use.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ClientConfig } from '#domain/config.ts'
import { apiFetch } from '../api/http.ts'
import { copyUnlessAnswered, whenIdle } from '../pwa/after-load.ts'

/** The device's copy, imported on first use: the app shell does not load the device database for it. */
const repo = () => import('../db/config.ts')

export const useConfigStore = defineStore('config', () => {
  const config = ref<ClientConfig | null>(null)
  let loading: Promise<ClientConfig | null> | undefined

  function load(): Promise<ClientConfig | null> {
    loading ??= (async () => {
      // The network first; the device's copy when the network fails or is slow (COPY_AFTER_MS), so a
      // page with a network does not load the device database before it paints.
      const answer = apiFetch('/api/config', { schema: ClientConfig })
      const copy = copyUnlessAnswered(answer, async () => {
        const c = await (await repo()).loadCachedConfig()
        if (c && !config.value) config.value = c
      })
      try {
        const fresh = await answer
        config.value = fresh
        // Kept for offline use once the page is idle; the map does not wait for the write.
        whenIdle(() => {
          void repo()
            .then((r) => r.saveConfig(fresh))
            .catch(() => undefined)
        })
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
