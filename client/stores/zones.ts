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
import { copyUnlessAnswered, whenIdle } from '../pwa/after-load.ts'

/** The device's copies, imported on first use: the residents' map renders before the device database loads. */
const local = () => import('../db/agreements.ts')

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
      await (await local()).cache('zones', fresh)
    } catch {
      zones.value = (await (await local()).cached<Zone[]>('zones')) ?? zones.value
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

  /**
   * The network's answer; the copy this device saved on its last visit when the network fails or has
   * not answered within a second (COPY_AFTER_MS), shown until the answer comes.
   */
  async function loadPublic() {
    const answer = apiFetch('/api/patrol/zones/public', { schema: PublicZones })
    const copy = copyUnlessAnswered(answer, async () => {
      const c = await (await local()).cached<PublicZones>('public.zones')
      if (c && !publicData.value) publicData.value = c
    })
    let fresh: PublicZones
    try {
      fresh = await answer
    } catch {
      await copy
      publicOffline.value = true
      return
    }
    publicData.value = fresh
    publicOffline.value = false
    // The raw answer, not the reactive copy: IndexedDB cannot clone a Vue proxy. Written after the
    // page's load event, when the main thread is idle: the list and the map never wait for the device
    // database's code.
    whenIdle(() => {
      void local()
        .then((r) => r.cache('public.zones', fresh))
        .catch(() => undefined)
    })
  }

  return { zones, operators, publicData, publicOffline, loadZones, loadOperators, save, versions, loadPublic }
})
