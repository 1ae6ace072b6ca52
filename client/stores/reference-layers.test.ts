// Reference layers stay on the device: a reload without network draws the last answer, and a new
// answer replaces the kept copy whole (a deleted layer does not come back offline). With a network the
// kept copy is not read at all: the map's first paint does not wait for the device database.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { watch } from 'vue'
import type { PublicReferenceLayers, ReferenceLayer } from '#domain/reference-layers.ts'
import { useReferenceLayersStore } from './reference-layers.ts'

const layer = (id: string, version = 1): ReferenceLayer => ({
  id,
  kind: 'roads',
  name: `道路 ${id}`,
  description: '',
  feature_count: 1,
  bytes: 100,
  version,
  updated_at: '2026-12-01T00:00:00.000Z',
  geojson: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '广渠路' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [116.46, 39.89],
            [116.47, 39.89],
          ],
        },
      },
    ],
  },
})
const answer = (layers: ReferenceLayer[]): PublicReferenceLayers => ({ subdistrict_id: 'shuangjing', layers })
const serve = (body: PublicReferenceLayers) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })),
  )
const offline = () =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
  )

beforeEach(() => setActivePinia(createPinia()))

describe('reference layers store', () => {
  it('draws the kept copy after an offline reload, and a newer answer replaces it whole', async () => {
    serve(answer([layer('a'), layer('b')]))
    await useReferenceLayersStore().load()

    setActivePinia(createPinia())
    offline()
    const reloaded = useReferenceLayersStore()
    await reloaded.load()
    expect(reloaded.offline).toBe(true)
    expect(reloaded.layers.map((l) => l.id)).toEqual(['a', 'b'])
    expect(reloaded.layers[0]!.geojson.features[0]!.properties.name).toBe('广渠路')

    setActivePinia(createPinia())
    serve(answer([layer('b', 2)]))
    await useReferenceLayersStore().load()
    setActivePinia(createPinia())
    offline()
    const again = useReferenceLayersStore()
    await again.load()
    expect(again.layers.map((l) => `${l.id}@${l.version}`)).toEqual(['b@2'])
  })

  it('with the network answering, draws its answer without drawing the kept copy first', async () => {
    serve(answer([layer('kept')]))
    await useReferenceLayersStore().load()

    setActivePinia(createPinia())
    serve(answer([layer('new')]))
    const store = useReferenceLayersStore()
    const drawn: string[][] = []
    watch(
      () => store.layers,
      (l) => drawn.push(l.map((x) => x.id)),
      { flush: 'sync' },
    )
    await store.load()
    expect(drawn).toEqual([['new']])
  })
})
