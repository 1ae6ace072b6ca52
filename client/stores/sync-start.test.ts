// When the sync engine's first run starts on opening a signed-in page: not with the page's load event,
// which can come before the page has rendered and while the phone still runs its start-up, but once the
// main thread is idle after it; and still by itself when the phone never becomes idle (a 2 s limit).
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const engine = vi.hoisted(() => ({ starts: 0 }))
vi.mock('../sync/create-sync-engine.ts', () => ({
  createSyncEngine: () => ({
    state: { subscribe: () => () => undefined },
    notifyWrite: () => undefined,
    syncNow: () => Promise.resolve(),
    refreshCounts: () => Promise.resolve(),
    start: () => void engine.starts++,
  }),
}))

/** The browser's page as the store sees it: a load event to come, and idle callbacks run when the test says. */
const page = new EventTarget()
const idle: { run: () => void; timeout: number | undefined }[] = []
vi.stubGlobal('window', page)
vi.stubGlobal('document', { readyState: 'loading', visibilityState: 'visible', addEventListener: () => undefined, documentElement: {} })
vi.stubGlobal('navigator', { onLine: true })
vi.stubGlobal('requestIdleCallback', (run: () => void, opts?: { timeout?: number }) => idle.push({ run, timeout: opts?.timeout }))
afterAll(() => vi.unstubAllGlobals())

const { useSyncStore } = await import('./sync.ts')
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the sync engine’s first run', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('starts once the page has loaded and the main thread is idle, not at the load event', async () => {
    useSyncStore()
    await pause(10)
    expect(engine.starts).toBe(0)
    page.dispatchEvent(new Event('load'))
    await pause(20)
    // Loaded, but the phone is still busy with the page: no pull yet.
    expect(engine.starts).toBe(0)
    expect(idle).toHaveLength(1)
    // Idle within 2 s at the latest: the browser runs it then even when the main thread never rests.
    expect(idle[0]!.timeout).toBeLessThanOrEqual(2000)
    idle[0]!.run()
    expect(engine.starts).toBe(1)
  })
})
