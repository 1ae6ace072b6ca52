// Background Sync where the browser has it (Chromium): the service worker gets a `sync` event when
// connectivity returns even if the page was closed, and asks open pages to run the engine.
export const BACKGROUND_SYNC_TAG = 'lastmile-sync'

interface SyncManagerLike {
  register(tag: string): Promise<void>
}

export async function registerBackgroundSync(nav: Navigator | undefined = globalThis.navigator): Promise<boolean> {
  try {
    if (!nav?.serviceWorker) return false
    const reg = (await nav.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: SyncManagerLike }
    if (!reg.sync) return false
    await reg.sync.register(BACKGROUND_SYNC_TAG)
    return true
  } catch {
    return false
  }
}
