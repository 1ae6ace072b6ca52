// Work the first paint does not need (the service worker, a residents' page's cached identity) waits
// for the page's load event, so it never competes with the page itself for network or main thread.
export function afterLoad(run: () => void): void {
  if (typeof document === 'undefined' || document.readyState === 'complete') {
    setTimeout(run, 0)
    return
  }
  window.addEventListener('load', () => setTimeout(run, 0), { once: true })
}

/**
 * Work the page can do without (keeping a copy of an answer for offline use) waits for the load event
 * and then for the main thread to be idle (at most `timeoutMs` more), so loading the device database's
 * code and writing to it never hold up the page's first paint or its map's code.
 */
export function whenIdle(run: () => void, timeoutMs = 2000): void {
  afterLoad(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timeoutMs })
    else setTimeout(run, 0)
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
