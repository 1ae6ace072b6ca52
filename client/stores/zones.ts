// Parking zones for the pages: the office's editable list with version history, and the residents'
// public list, cached in IndexedDB so the residents' map works offline after the first visit.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { ref } from 'vue'
import type { Zone, ZoneInputRaw } from '#domain/patrol/zones.ts'
import { PublicZones, Zone as ZoneAnswer } from '#domain/patrol/zones.ts'
import { Operator } from '#domain/patrol/operators.ts'
import { DEFAULT_OPERATORS } from '#domain/patrol/operators.ts'
import { apiFetch } from '../api/http.ts'
import { cache, cached } from '../db/agreements.ts'

export const useZonesStore = defineStore('zones', () => {
  const zones = ref<Zone[]>([])
  const operators = ref<Operator[]>(DEFAULT_OPERATORS)
  const publicData = ref<PublicZones | null>(null)
  /** The public list came from the device (offline); when it was fetched. */
  const publicOffline = ref(false)

  async function loadZones() {
    try {
      const fresh = await apiFetch('/api/patrol/zones', { schema: z.array(ZoneAnswer) })
      zones.value = fresh
      await cache('zones', fresh)
    } catch {
      zones.value = (await cached<Zone[]>('zones')) ?? zones.value
    }
  }

  async function loadOperators() {
    try {
      operators.value = await apiFetch('/api/patrol/operators', { schema: z.array(Operator) })
    } catch {
      /* the default list stands */
    }
  }

  async function save(input: ZoneInputRaw, currentId: string | null): Promise<Zone> {
    const saved = currentId
      ? await apiFetch(`/api/patrol/zones/${currentId}`, { schema: ZoneAnswer, method: 'PUT', json: input })
      : await apiFetch('/api/patrol/zones', { schema: ZoneAnswer, method: 'POST', json: input })
    await loadZones()
    return saved
  }

  const versions = (id: string) => apiFetch(`/api/patrol/zones/${id}/versions`, { schema: z.array(ZoneAnswer) })

  /** Cached copy first (instant, offline), then the network's answer when there is one. */
  async function loadPublic() {
    const copy = await cached<PublicZones>('public.zones')
    if (copy && !publicData.value) publicData.value = copy
    let fresh: PublicZones
    try {
      fresh = await apiFetch('/api/patrol/zones/public', { schema: PublicZones })
    } catch {
      publicOffline.value = true
      return
    }
    publicData.value = fresh
    publicOffline.value = false
    // The raw answer, not the reactive copy: IndexedDB cannot clone a Vue proxy.
    await cache('public.zones', fresh).catch(() => undefined)
  }

  return { zones, operators, publicData, publicOffline, loadZones, loadOperators, save, versions, loadPublic }
})
