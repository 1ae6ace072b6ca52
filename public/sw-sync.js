// Background Sync, imported into the generated service worker: when the browser fires the
// 'lastmile-sync' event (the network is back), wake every open page so its sync engine pushes the
// outbox. The engine lives in the page, next to the user's session and the Dexie outbox.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'lastmile-sync') return
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'lastmile-sync' })
    }),
  )
})
