// Online or offline, as the browser sees it; the shell shows it and the sync engine reacts to it.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const useConnectivityStore = defineStore('connectivity', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => (online.value = true))
    window.addEventListener('offline', () => (online.value = false))
  }
  return { online }
})
