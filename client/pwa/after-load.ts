// Work the first paint does not need (the service worker, a residents' page's cached identity) waits
// for the page's load event, so it never competes with the page itself for network or main thread.
export function afterLoad(run: () => void): void {
  if (typeof document === 'undefined' || document.readyState === 'complete') {
    setTimeout(run, 0)
    return
  }
  window.addEventListener('load', () => setTimeout(run, 0), { once: true })
}
