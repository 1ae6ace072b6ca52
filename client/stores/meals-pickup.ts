// The pickup check-off list on a phone at the pickup point, where the signal is poor: the day's list is
// cached on the device, each tick goes into the sync outbox with its local copy, and the row shows
// whether it is waiting, uploaded, or refused (with the server's reason).
import { defineStore } from 'pinia'
import { liveQuery, type Subscription } from 'dexie'
import { computed, ref, shallowRef, toRaw } from 'vue'
import { PickupList } from '#domain/meals/sales.ts'
import { uuidv7 } from '#domain/ids.ts'
import { apiFetch, NetworkError } from '../api/http.ts'
import type { Synced } from '../db/synced-view.ts'
import { cacheDay, cachedDay, dropSettled, pickupView, saveCheckoff, type MealsCheckoffRow } from '../db/meals-pickups.ts'

export const useMealsPickupStore = defineStore('meals-pickup', () => {
  const list = ref<PickupList | null>(null)
  /** This device's ticks of the day on show, and every tick still on its way, from the synced view. */
  const ticks = shallowRef<Synced<MealsCheckoffRow>[]>([])
  const offline = ref(false)
  let sub: Subscription | undefined

  function watchDay(date: string) {
    sub?.unsubscribe()
    sub = liveQuery(() => pickupView(date)).subscribe({ next: (v) => (ticks.value = v), error: () => undefined })
  }

  /** The server's list with this device's ticks laid over it, each with its upload state. */
  const rows = computed(() =>
    (list.value?.rows ?? []).map((r) => {
      const mine = ticks.value.find((l) => l.record.date === list.value?.date && l.record.subscriber_id === r.subscriber_id)
      const refused = mine?.sync.state === 'rejected'
      const sync = refused
        ? { state: 'rejected' as const, reason: mine.sync.reason ?? '' }
        : mine?.edits.length
          ? { state: 'pending' as const, reason: '' }
          : undefined
      return { ...r, picked: mine && !refused ? mine.record.picked : r.picked, sync }
    }),
  )
  const counts = computed(() => {
    const picked = rows.value.filter((r) => r.picked).length
    const open = rows.value.length - picked
    // The server decides when the day's pickup time is over (it then reports no-shows, not pending).
    const over = (list.value?.no_shows ?? 0) > 0
    return { picked, pending: over ? 0 : open, noShows: over ? open : 0 }
  })
  const waiting = computed(() => ticks.value.flatMap((t) => t.edits).filter((o) => o.state === 'pending' || o.state === 'syncing').length)

  async function load(date: string) {
    try {
      const fresh = await apiFetch(`/api/meals/pickups/${date}`, { schema: PickupList })
      await dropSettled(date)
      list.value = fresh
      offline.value = false
      await cacheDay(fresh)
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      offline.value = true
      list.value = (await cachedDay(date))?.list ?? null
    }
    watchDay(date)
  }

  async function toggle(subscriberId: string, picked: boolean) {
    const day = list.value
    if (!day) return
    const previous = ticks.value.find((l) => l.record.date === day.date && l.record.subscriber_id === subscriberId)
    const row: MealsCheckoffRow = {
      id: previous?.id ?? day.rows.find((r) => r.subscriber_id === subscriberId)?.pickup_id ?? uuidv7(),
      date: day.date,
      subscriber_id: subscriberId,
      picked,
      client_time: new Date().toISOString(),
    }
    await saveCheckoff(row)
    await cacheDay(structuredClone(toRaw(day)))
  }

  return { list, rows, counts, waiting, offline, load, toggle }
})
