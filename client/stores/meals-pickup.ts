// The pickup check-off list on a phone at the pickup point, where the signal is poor: the day's list is
// cached on the device, each tick goes into the sync outbox with its local copy, and the row shows
// whether it is waiting, uploaded, or refused (with the server's reason).
import { defineStore } from 'pinia'
import { liveQuery } from 'dexie'
import { computed, ref, shallowRef, toRaw } from 'vue'
import type { PickupList } from '#domain/meals/sales.ts'
import { uuidv7 } from '#domain/ids.ts'
import { apiFetch, NetworkError } from '../api/http.ts'
import type { OutboxRow } from '../db/outbox.ts'
import { cacheDay, cachedDay, checkoffsOf, dropSettled, pickupOutbox, saveCheckoff, type MealsCheckoffRow } from '../db/meals-pickups.ts'

export const useMealsPickupStore = defineStore('meals-pickup', () => {
  const list = ref<PickupList | null>(null)
  const local = ref<MealsCheckoffRow[]>([])
  const outbox = shallowRef<OutboxRow[]>([])
  const offline = ref(false)

  liveQuery(pickupOutbox).subscribe({ next: (rows) => (outbox.value = rows), error: () => undefined })

  /** The server's list with this device's ticks laid over it, each with its upload state. */
  const rows = computed(() =>
    (list.value?.rows ?? []).map((r) => {
      const mine = local.value.find((l) => l.subscriber_id === r.subscriber_id)
      const queued = mine ? outbox.value.filter((o) => o.entity_id === mine.id) : []
      const refused = queued.find((o) => o.state === 'rejected')
      const sync = refused
        ? { state: 'rejected' as const, reason: refused.reason ?? '' }
        : queued.length
          ? { state: 'pending' as const, reason: '' }
          : undefined
      return { ...r, picked: mine && !refused ? mine.picked : r.picked, sync }
    }),
  )
  const counts = computed(() => {
    const picked = rows.value.filter((r) => r.picked).length
    const open = rows.value.length - picked
    // The server decides when the day's pickup time is over (it then reports no-shows, not pending).
    const over = (list.value?.no_shows ?? 0) > 0
    return { picked, pending: over ? 0 : open, noShows: over ? open : 0 }
  })
  const waiting = computed(() => outbox.value.filter((o) => o.state === 'pending' || o.state === 'syncing').length)

  async function load(date: string) {
    try {
      const fresh = await apiFetch<PickupList>(`/api/meals/pickups/${date}`)
      await dropSettled(date)
      list.value = fresh
      offline.value = false
      await cacheDay(fresh)
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      offline.value = true
      list.value = (await cachedDay(date))?.list ?? null
    }
    local.value = await checkoffsOf(date)
  }

  async function toggle(subscriberId: string, picked: boolean) {
    const day = list.value
    if (!day) return
    const previous = local.value.find((l) => l.subscriber_id === subscriberId)
    const row: MealsCheckoffRow = {
      id: previous?.id ?? day.rows.find((r) => r.subscriber_id === subscriberId)?.pickup_id ?? uuidv7(),
      date: day.date,
      subscriber_id: subscriberId,
      picked,
      client_time: new Date().toISOString(),
    }
    await saveCheckoff(row)
    local.value = [...local.value.filter((l) => l.subscriber_id !== subscriberId), row]
    await cacheDay(structuredClone(toRaw(day)))
  }

  return { list, rows, counts, waiting, offline, load, toggle }
})
