import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ELDER_KEY, ELDER_OFFER_KEY, useElderStore } from './elder.ts'

/** The device's storage as the browser keeps it across reloads of the page. */
const storage = new Map<string, string>()
globalThis.localStorage = {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, v),
  removeItem: (k: string) => void storage.delete(k),
  clear: () => storage.clear(),
  key: (i: number) => [...storage.keys()][i] ?? null,
  get length() {
    return storage.size
  },
} as Storage

/** A fresh page load on the same device. */
const reload = () => {
  setActivePinia(createPinia())
  return useElderStore()
}

describe('elder mode preference', () => {
  beforeEach(() => storage.clear())

  it('is off until chosen, and stays as chosen after a reload', () => {
    expect(reload().on).toBe(false)
    reload().set(true)
    expect(storage.get(ELDER_KEY)).toBe('1')
    expect(reload().on).toBe(true)
    reload().toggle()
    expect(reload().on).toBe(false)
  })

  it('offers itself once, on the first visit only', () => {
    const first = reload()
    first.offerOnce()
    expect(first.offering).toBe(true)
    expect(storage.get(ELDER_OFFER_KEY)).toBe('1')
    first.dismissOffer()
    expect(first.offering).toBe(false)
    const second = reload()
    second.offerOnce()
    expect(second.offering).toBe(false)
  })

  it('does not offer what is already on, and turning it on ends the offer', () => {
    const s = reload()
    s.offerOnce()
    s.set(true)
    expect(s.offering).toBe(false)
    storage.delete(ELDER_OFFER_KEY)
    const again = reload()
    again.offerOnce()
    expect(again.offering).toBe(false)
  })
})
