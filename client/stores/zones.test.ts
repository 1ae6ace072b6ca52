// The residents' map's zones: the network's answer without loading the device database before the page
// paints (its copy is written once the page is idle); the copy from the last visit when the network
// fails or is slow.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { PublicZones } from '#domain/patrol/zones.ts'
import { COPY_AFTER_MS } from '../pwa/after-load.ts'

const device = vi.hoisted(() => ({ reads: 0, copy: undefined as unknown, saved: [] as unknown[] }))
vi.mock('../db/agreements.ts', () => ({
  cached: async () => {
    device.reads++
    return device.copy
  },
  cache: async (_key: string, value: unknown) => {
    device.saved.push(value)
  },
}))

const { useZonesStore } = await import('./zones.ts')

const answer = (name: string): PublicZones => ({
  subdistrict: { id: 'shuangjing', name, center: { lat: 39.89, lng: 116.47 } },
  zones: [],
  generated_at: '2026-12-07T08:00:00.000Z',
})
const serve = (body: PublicZones) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })),
  )

beforeEach(() => {
  setActivePinia(createPinia())
  device.reads = 0
  device.copy = undefined
  device.saved = []
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('zones store, residents’ list', () => {
  it('shows the network’s answer without reading the device’s copy, and keeps the answer afterwards', async () => {
    device.copy = answer('上次')
    serve(answer('双井街道'))
    const store = useZonesStore()
    await store.loadPublic()
    expect(store.publicData?.subdistrict.name).toBe('双井街道')
    expect(store.publicOffline).toBe(false)
    expect(device.reads).toBe(0)
    expect(device.saved).toEqual([])
    await vi.waitFor(() => expect(device.saved).toHaveLength(1))
    expect(device.reads).toBe(0)
  })

  it('offline, the copy of the last visit stands', async () => {
    device.copy = answer('上次')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const store = useZonesStore()
    await store.loadPublic()
    expect(store.publicData?.subdistrict.name).toBe('上次')
    expect(store.publicOffline).toBe(true)
  })

  it('with a network that does not answer, shows the copy after a second', async () => {
    vi.useFakeTimers()
    device.copy = answer('上次')
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<never>(() => undefined)),
    )
    const store = useZonesStore()
    void store.loadPublic()
    await vi.advanceTimersByTimeAsync(COPY_AFTER_MS - 100)
    expect(store.publicData).toBeNull()
    await vi.advanceTimersByTimeAsync(200)
    expect(device.reads).toBe(1)
    expect(store.publicData?.subdistrict.name).toBe('上次')
  })
})
