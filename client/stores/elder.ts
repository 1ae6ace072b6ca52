// Elder mode (长辈模式) of the residents' pages: larger text and targets, the essentials first, read
// aloud. The choice is a device preference kept in localStorage (no account, no server copy); the offer
// to turn it on shows once, on the device's first visit to a residents' page.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const ELDER_KEY = 'lastmile.elder'
export const ELDER_OFFER_KEY = 'lastmile.elder.offered'

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null // storage unavailable (private mode): the choice lasts for this visit only
  }
}
function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* storage unavailable: the choice lasts for this visit only */
  }
}

export const useElderStore = defineStore('elder', () => {
  const on = ref(read(ELDER_KEY) === '1')
  /** The inline offer is on screen (first visit, until answered or dismissed). */
  const offering = ref(false)
  let offerChecked = false

  function set(value: boolean) {
    on.value = value
    offering.value = false
    write(ELDER_KEY, value ? '1' : '0')
  }

  /** Called when a residents' page opens: the first time on this device, the offer shows (and is remembered as shown). */
  function offerOnce() {
    if (offerChecked) return
    offerChecked = true
    if (on.value || read(ELDER_OFFER_KEY)) return
    offering.value = true
    write(ELDER_OFFER_KEY, '1')
  }

  function dismissOffer() {
    offering.value = false
  }

  return { on, offering, set, toggle: () => set(!on.value), offerOnce, dismissOffer }
})
