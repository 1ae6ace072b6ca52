// Reference layers for every map: the device's copy at once (offline, no tiles), then the server's
// answer (revalidated by ETag in the browser cache); the admin's import and delete.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { PublicReferenceLayers, ReferenceLayerSummary, type ReferenceLayer, type ReferenceLayerInput } from '#domain/reference-layers.ts'
import { apiFetch } from '../api/http.ts'
import { loadCachedLayers, saveLayers } from '../db/reference-layers.ts'

export const useReferenceLayersStore = defineStore('referenceLayers', () => {
  /** Large GeoJSON: replaced whole, never deeply reactive. */
  const layers = shallowRef<ReferenceLayer[]>([])
  const offline = ref(false)
  let loading: Promise<void> | undefined

  async function refresh() {
    const copy = await loadCachedLayers().catch(() => undefined)
    if (copy && !layers.value.length) layers.value = copy.layers
    let fresh: PublicReferenceLayers
    try {
      fresh = await apiFetch('/api/map-layers', { schema: PublicReferenceLayers })
    } catch {
      offline.value = true
      return
    }
    offline.value = false
    layers.value = fresh.layers
    await saveLayers(fresh).catch(() => undefined)
  }

  /** Once per page load for the maps; `force` after an import or delete. */
  function load(force = false): Promise<void> {
    if (force || !loading) loading = refresh()
    return loading
  }

  async function importLayer(id: string, input: ReferenceLayerInput): Promise<ReferenceLayerSummary> {
    const saved = await apiFetch(`/api/admin/map-layers/${encodeURIComponent(id)}`, {
      schema: ReferenceLayerSummary,
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
