// Reference layers for every map: the server's answer (revalidated by ETag in the browser cache), the
// device's copy when the network fails or has not answered within a second (offline, no tiles); the
// admin's import and delete. The device database's code is imported on first use, so a map's chunk
// does not carry it and its first paint does not wait for it.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { PublicReferenceLayers, ReferenceLayer, ReferenceLayerInput, ReferenceLayerSummary } from '#domain/reference-layers.ts'
import { apiFetch } from '../api/http.ts'
import { copyUnlessAnswered, whenIdle } from '../pwa/after-load.ts'

const repo = () => import('../db/reference-layers.ts')
/**
 * The answers' schemas (GeoJSON checks), imported with the first request: a map's chunk does not
 * evaluate them before its first paint, and the request does not wait for them.
 */
const contracts = () => import('#domain/reference-layers.ts')

export const useReferenceLayersStore = defineStore('referenceLayers', () => {
  /** Large GeoJSON: replaced whole, never deeply reactive. */
  const layers = shallowRef<ReferenceLayer[]>([])
  const offline = ref(false)
  let loading: Promise<void> | undefined

  async function refresh() {
    const answer = apiFetch('/api/map-layers', { schema: contracts().then((c) => c.PublicReferenceLayers) })
    const copy = copyUnlessAnswered(answer, async () => {
      const kept = await (await repo()).loadCachedLayers()
      if (kept && !layers.value.length) layers.value = kept.layers
    })
    let fresh: PublicReferenceLayers
    try {
      fresh = await answer
    } catch {
      await copy
      offline.value = true
      return
    }
    offline.value = false
    layers.value = fresh.layers
    // Kept for offline use once the page is idle; the load is done when the copy is written.
    await new Promise<void>((done) =>
      whenIdle(() => {
        void repo()
          .then((r) => r.saveLayers(fresh))
          .catch(() => undefined)
          .finally(done)
      }),
    )
  }

  /** Once per page load for the maps; `force` after an import or delete. */
  function load(force = false): Promise<void> {
    if (force || !loading) loading = refresh()
    return loading
  }

  async function importLayer(id: string, input: ReferenceLayerInput): Promise<ReferenceLayerSummary> {
    const saved = await apiFetch(`/api/admin/map-layers/${encodeURIComponent(id)}`, {
      schema: contracts().then((c) => c.ReferenceLayerSummary),
      method: 'PUT',
      json: input,
    })
    await load(true)
    return saved
  }

  async function remove(id: string): Promise<void> {
    await apiFetch(`/api/admin/map-layers/${encodeURIComponent(id)}`, { method: 'DELETE' })
    await load(true)
  }

  return { layers, offline, load, importLayer, remove }
})
