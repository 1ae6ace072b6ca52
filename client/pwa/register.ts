// Registers the service worker (precached app shell, tile cache) and reports when a new version
// waits, so the user chooses when to reload instead of losing a form mid-entry.
import { registerSW } from 'virtual:pwa-register'
import { afterLoad } from './after-load.ts'

export interface PwaCallbacks {
  onNeedRefresh(): void
  onOfflineReady(): void
}

export function registerServiceWorker(cb: PwaCallbacks): (reload?: boolean) => Promise<void> {
  if (!('serviceWorker' in navigator)) return async () => {}
  let update: (reload?: boolean) => Promise<void> = async () => {}
  // After the page's load event: the first visit's precache download never competes with the page itself.
  afterLoad(() => {
    update = registerSW({
      immediate: true,
      onNeedRefresh: cb.onNeedRefresh,
      onOfflineReady: cb.onOfflineReady,
      onRegisteredSW(_url, registration) {
        // Check for a new version hourly while the app stays open on a phone all day.
        if (registration) setInterval(() => void registration.update().catch(() => undefined), 60 * 60 * 1000)
      },
    })
  })
  return (reload) => update(reload)
}
