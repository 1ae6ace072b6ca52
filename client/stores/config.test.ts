// The deployment settings: the map asks for them on its first paint, so the request never waits for the
// device database (its code, its opening) and the map never waits for the copy to be written; offline,
// the copy kept on the last visit stands.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ClientConfig } from '#domain/config.ts'

const device = vi.hoisted(() => ({
  copy: null as Promise<unknown> | null,
  reads: 0,
  saved: [] as unknown[],
  saving: null as Promise<void> | null,
}))
vi.mock('../db/config.ts', () => ({
  loadCachedConfig: () => {
    device.reads++
    return device.copy ?? Promise.resolve(undefined)
  },
  saveConfig: (c: unknown) => {
    device.saved.push(c)
    return device.saving ?? Promise.resolve()
  },
}))

const { useConfigStore } = await import('./config.ts')

const config = (name: string): ClientConfig => ({
  basemap: {
    preset: 'local',
    url: '/tiles/{z}/{x}/{y}.png',
    subdomains: [],
    attribution: '',
    max_zoom: 19,
    max_native_zoom: 17,
    labels_url: null,
    gcj02: false,
    offline_areas: true,
  },
  gps_accuracy_threshold_m: 30,
  subdistrict: { id: 'shuangjing', name, center_lat: 39.89, center_lng: 116.47 },
  https: null,
})
const serve = (body: ClientConfig) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })),
  )
const never = () => new Promise<never>(() => undefined)
/** The promise's value, or 'waiting' when it is still pending after the other work queued so far. */
const settled = <T>(p: Promise<T>) => Promise.race([p, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 50))])

beforeEach(() => {
  setActivePinia(createPinia())
  device.copy = null
  device.reads = 0
  device.saved = []
  device.saving = null
})

describe('config store', () => {
  it('answers from the network while the device database is still loading, and does not wait for the copy to be written', async () => {
    device.copy = never()
    device.saving = never()
    serve(config('双井街道'))
    const got = await settled(useConfigStore().load())
    expect(got).not.toBe('waiting')
    expect((got as ClientConfig).subdistrict?.name).toBe('双井街道')
    await vi.waitFor(() => expect(device.saved).toHaveLength(1))
  })

  it('with the network answering, never reads the device’s copy (its code loads once the page is idle)', async () => {
    device.copy = Promise.resolve(config('上次'))
    serve(config('新'))
    const store = useConfigStore()
    expect((await store.load())?.subdistrict?.name).toBe('新')
    expect(device.saved).toEqual([])
    await vi.waitFor(() => expect(device.saved).toHaveLength(1))
    expect(device.reads).toBe(0)
  })

  it('offline, the copy kept on the last visit stands', async () => {
    device.copy = Promise.resolve(config('上次'))
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const store = useConfigStore()
    expect((await store.load())?.subdistrict?.name).toBe('上次')
    expect(store.config?.subdistrict?.name).toBe('上次')
  })

  it('the network’s answer replaces a copy that arrives after it', async () => {
    let give: (c: ClientConfig) => void = () => undefined
    device.copy = new Promise((r) => (give = r))
    serve(config('新'))
    const store = useConfigStore()
    expect((await store.load())?.subdistrict?.name).toBe('新')
    give(config('旧'))
    await new Promise((r) => setTimeout(r, 0))
    expect(store.config?.subdistrict?.name).toBe('新')
  })
})
