// The pickup check-off list on a phone at the pickup point, where the signal is poor: the day's list
// is cached on the device, each tick is stored locally first and sent when the network allows.
import { defineStore } from 'pinia'
import { computed, ref, toRaw } from 'vue'
import type { PickupList } from '../../api/domain/meals/sales.ts'
import { uuidv7 } from '../../api/domain/ids.ts'
import { apiFetch, ApiError, NetworkError } from '../api/http.ts'
import { cacheDay, cachedDay, checkoffsOf, pendingCheckoffs, rejectCheckoff, saveCheckoff, settleCheckoff, type MealsCheckoffRow } from '../db/meals-pickups.ts'

export const useMealsPickupStore = defineStore('meals-pickup', () => {
  const list = ref<PickupList | null>(null)
  const local = ref<MealsCheckoffRow[]>([])
  const offline = ref(false)
  const flushing = ref(false)

  /** The server's list with this device's unsent ticks laid over it. */
  const rows = computed(() =>
    (list.value?.rows ?? []).map((r) => {
      const mine = local.value.find((l) => l.subscriber_id === r.subscriber_id)
      return mine ? { ...r, picked: mine.state === 'rejected' ? r.picked : mine.picked, local: mine } : { ...r, local: undefined }
    }),
  )
  const counts = computed(() => {
    const picked = rows.value.filter((r) => r.picked).length
    const open = rows.value.length - picked
    // The server decides when the day's pickup time is over (it reports no-shows instead of pending).
    const over = (list.value?.no_shows ?? 0) > 0
    return { picked, pending: over ? 0 : open, noShows: over ? open : 0 }
  })
  const waiting = computed(() => local.value.filter((l) => l.state === 'pending').length)

  async function load(date: string) {
    local.value = await checkoffsOf(date)
    try {
      const fresh = await apiFetch<PickupList>(`/api/meals/pickups/${date}`)
      list.value = fresh
      offline.value = false
      await cacheDay(fresh)
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      offline.value = true
      list.value = (await cachedDay(date))?.list ?? null
    }
    void flush()
  }

  async function toggle(subscriberId: string, picked: boolean) {
    const date = list.value?.date
    if (!date) return
    const row: MealsCheckoffRow = { id: uuidv7(), date, subscriber_id: subscriberId, picked, client_time: new Date().toISOString(), state: 'pending' }
    await saveCheckoff(row)
    local.value = [...local.value.filter((l) => l.subscriber_id !== subscriberId), row]
    if (list.value) await cacheDay(toRaw(list.value))
    void flush()
  }

  /** Sends every unsent tick (all days); a refusal stays on the device with its reason. */
  async function flush() {
    if (flushing.value) return
    flushing.value = true
    try {
      for (const row of await pendingCheckoffs()) {
        if (row.state !== 'pending') continue
        try {
          await apiFetch('/api/meals/pickups', { method: 'PUT', json: { id: row.id, date: row.date, subscriber_id: row.subscriber_id, picked: row.picked, client_time: row.client_time } })
          await settleCheckoff(row)
          offline.value = false
          if (list.value?.date === row.date) {
            list.value = { ...list.value, rows: list.value.rows.map((r) => (r.subscriber_id === row.subscriber_id ? { ...r, picked: row.picked, picked_at: row.picked ? row.client_time : null } : r)) }
          }
        } catch (e) {
          if (e instanceof NetworkError) {
            offline.value = true
            return
          }
          if (e instanceof ApiError && e.status !== 401) await rejectCheckoff(row, e.message, e.problem?.errors)
          else return
        }
      }
    } finally {
      if (list.value) local.value = await checkoffsOf(list.value.date)
      flushing.value = false
    }
  }

  if (typeof window !== 'undefined') window.addEventListener('online', () => void flush())

  return { list, rows, counts, waiting, offline, load, toggle, flush }
})
