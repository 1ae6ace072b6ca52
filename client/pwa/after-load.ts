// Work the first paint does not need (the service worker, a residents' page's cached identity) waits
// for the page's load event, so it never competes with the page itself for network or main thread.
export function afterLoad(run: () => void): void {
  if (typeof document === 'undefined' || document.readyState === 'complete') {
    setTimeout(run, 0)
    return
  }
  window.addEventListener('load', () => setTimeout(run, 0), { once: true })
}

const holds = new Set<Promise<void>>()

/**
 * Holds idle work (whenIdle) back while the page still loads what the person came for, such as a map's
 * first tiles: their download and decoding do not share a slow network and the main thread with the
 * device database's code. Call the returned function when it is on screen; the hold also ends by
 * itself after `maxMs`.
 */
export function holdIdleWork(maxMs = 5000): () => void {
  let release: () => void = () => {}
  const held = new Promise<void>((done) => (release = done))
  const timer = setTimeout(release, maxMs)
  holds.add(held)
  void held.then(() => {
    clearTimeout(timer)
    holds.delete(held)
  })
  return release
}

async function heldBack(): Promise<void> {
  while (holds.size) await Promise.all([...holds])
}

/**
 * Work the page can do without (keeping a copy of an answer for offline use) waits for the load event,
 * for any hold (holdIdleWork) to end, and then for the main thread to be idle (at most `timeoutMs`
 * more), so loading the device database's code and writing to it never hold up the page's first paint
 * or its map's code and first tiles.
 */
export function whenIdle(run: () => void, timeoutMs = 2000): void {
  afterLoad(() => {
    void heldBack().then(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timeoutMs })
      else setTimeout(run, 0)
    })
  })
}

/** How long a page waits for the network before it shows the device's copy of an answer as well. */
export const COPY_AFTER_MS = 1000

/**
 * The device's copy of an answer only when the network has not answered within COPY_AFTER_MS or has
 * failed: on a first visit, or any visit with a network, the device database's code is not loaded
 * before the page paints. Resolves when the copy has been read (undefined when the network came first).
 */
export function copyUnlessAnswered<T>(answer: Promise<unknown>, readCopy: () => Promise<T>): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve) => {
    let started = false
    const start = () => {
      if (started) return
      started = true
      clearTimeout(timer)
      readCopy().then(resolve, () => resolve(undefined))
    }
    const timer = setTimeout(start, COPY_AFTER_MS)
    answer.then(() => {
      if (started) return
      clearTimeout(timer)
      started = true
      resolve(undefined)
    }, start)
  })
}
