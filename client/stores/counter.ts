// The duty worker's desk: the guide catalogue (searched on the device, also offline), workers and
// desks, guide editing with history, and fast visit entry whose unsaved draft survives a reload.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref, toRaw, watch } from 'vue'
import { Guide, GuideHistoryEntry, type GuideInput } from '#domain/counter/guides.ts'
import { Worker } from '#domain/counter/skills.ts'
import { Visit, type Outcome, type VisitInput } from '#domain/counter/visits.ts'
import { searchGuides } from '#domain/counter/search.ts'
import { Desk } from '#domain/counter/views.ts'
import { uuidv7 } from '#domain/ids.ts'
import { apiFetch, NetworkError } from '../api/http.ts'
import { queueVisit } from '../db/counter-visits.ts'
import { readCache, writeCache } from './counter-cache.ts'

export interface VisitDraft {
  guide_ids: string[]
  community_id: string
  worker_id: string
  counter_id: string | null
  resident_phone: string
  /** The resident agreed (explained by the worker) that the phone's hash and mask are kept. */
  resident_consent: boolean
  outcome: Outcome
  outcome_note: string
  duration_min: number | null
  /** The earlier visit this one returns to, when picked from the list (anonymous residents too). */
  previous_visit_id: string | null
}

const emptyDraft = (): VisitDraft => ({
  guide_ids: [],
  community_id: '',
  worker_id: '',
  counter_id: null,
  resident_phone: '',
  resident_consent: false,
  outcome: 'informed',
  outcome_note: '',
  duration_min: null,
  previous_visit_id: null,
})

export const useCounterStore = defineStore('counter', () => {
  const guides = ref<Guide[]>(readCache<Guide[]>('guides') ?? [])
  const workers = ref<Worker[]>(readCache<Worker[]>('workers') ?? [])
  const desks = ref<Desk[]>(readCache<Desk[]>('desks') ?? [])
  const visits = ref<(Visit & { pending?: boolean })[]>([])
  const query = ref('')
  const loading = ref(false)
  const offline = ref(false)
  const error = ref<unknown>(null)
  const draft = ref<VisitDraft>({ ...emptyDraft(), ...readCache<VisitDraft>('visit-draft') })

  const results = computed(() => searchGuides(guides.value, query.value))
  const guideById = computed(() => new Map(guides.value.map((g) => [g.id, g])))
  const workerById = computed(() => new Map(workers.value.map((w) => [w.id, w])))

  watch(draft, (d) => writeCache('visit-draft', toRaw(d)), { deep: true })

  async function load() {
    loading.value = true
    error.value = null
    try {
      const [g, w, d] = await Promise.all([
        apiFetch('/api/counter/guides', { schema: z.array(Guide) }),
        apiFetch('/api/counter/workers', { schema: z.array(Worker) }),
        apiFetch('/api/counter/desks', { schema: z.array(Desk) }),
      ])
      guides.value = g
      workers.value = w
      desks.value = d
      writeCache('guides', g)
      writeCache('workers', w)
      writeCache('desks', d)
      offline.value = false
    } catch (e) {
      if (e instanceof NetworkError) offline.value = true
      else error.value = e
    } finally {
      loading.value = false
    }
  }

  async function loadVisitsToday(now = new Date()) {
    const local = new Date(now.getTime() + 8 * 3_600_000)
    const from = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3_600_000).toISOString()
    visits.value = await apiFetch(`/api/counter/visits?from=${encodeURIComponent(from)}`, { schema: z.array(Visit) })
  }

  /** Online: saved at once (the server links return trips). Offline: queued in the outbox, synced later. */
  async function logVisit(): Promise<{ visit: Visit; queued: boolean }> {
    const d = draft.value
    const body: VisitInput = {
      id: uuidv7(),
      community_id: d.community_id,
      counter_id: d.counter_id || null,
      guide_ids: [...toRaw(d.guide_ids)],
      worker_id: d.worker_id,
      ...(d.resident_phone.trim() ? { resident_phone: d.resident_phone.trim() } : {}),
      resident_consent: !!d.resident_consent && !!d.resident_phone.trim(),
      outcome: d.outcome,
      outcome_note: d.outcome_note,
      duration_min: d.duration_min || null,
      previous_visit_id: d.previous_visit_id,
    }
    let saved: Visit
    let queued = false
    try {
      saved = await apiFetch('/api/counter/visits', { schema: Visit, json: body })
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      const { id, ...data } = body
      await queueVisit(id, data)
      queued = true
      saved = {
        ...data,
        id,
        at: new Date().toISOString(),
        resident_masked: data.resident_phone ? `${data.resident_phone.slice(0, 3)}****${data.resident_phone.slice(-4)}` : null,
        is_return: !!data.previous_visit_id,
      }
    }
    visits.value = [{ ...saved, pending: queued }, ...visits.value]
    // Keep who is at the desk; clear what was about this resident.
    draft.value = { ...emptyDraft(), community_id: d.community_id, worker_id: d.worker_id, counter_id: d.counter_id }
    return { visit: saved, queued }
  }

  async function getGuide(id: string) {
    const g = await apiFetch(`/api/counter/guides/${id}`, { schema: Guide })
    guides.value = [...guides.value.filter((x) => x.id !== id), g]
    return g
  }

  /** A new guide goes under `newId`, made once per fill of the form (a resend answers with the same guide). */
  async function saveGuide(input: GuideInput, existing?: { id: string; version: number; change_note: string }, newId?: string) {
    const g = existing
      ? await apiFetch(`/api/counter/guides/${existing.id}`, {
          schema: Guide,
          method: 'PUT',
          json: { ...input, base_version: existing.version, change_note: existing.change_note },
        })
      : await apiFetch('/api/counter/guides', { schema: Guide, json: { ...input, id: newId } })
    guides.value = [...guides.value.filter((x) => x.id !== g.id), g].sort((a, b) => a.code.localeCompare(b.code))
    writeCache('guides', guides.value)
    return g
  }

  /** Start a return visit linked to an earlier one, with the same matters. */
  function startReturn(v: Visit) {
    draft.value = { ...draft.value, guide_ids: [...v.guide_ids], previous_visit_id: v.id }
  }

  async function verifyGuide(id: string) {
    const g = await apiFetch(`/api/counter/guides/${id}/verify`, { schema: Guide, method: 'POST' })
    guides.value = [...guides.value.filter((x) => x.id !== id), g].sort((a, b) => a.code.localeCompare(b.code))
    writeCache('guides', guides.value)
    return g
  }

  /** `w.id` is made once per fill of the form: a resend answers with the same worker. */
  async function addWorker(w: { id: string; name: string; community_id: string; home_category: string }) {
    const created = await apiFetch('/api/counter/workers', { schema: Worker, json: w })
    workers.value = [...workers.value, created]
    writeCache('workers', workers.value)
    return created
  }

  async function addDesk(d: { id: string; name: string; community_id: string }) {
    const created = await apiFetch('/api/counter/desks', { schema: Desk, json: d })
    desks.value = [...desks.value, created]
    writeCache('desks', desks.value)
    return created
  }

  const history = (id: string) => apiFetch(`/api/counter/guides/${id}/history`, { schema: z.array(GuideHistoryEntry) })

  return {
    guides,
    workers,
    desks,
    visits,
    query,
    results,
    loading,
    offline,
    error,
    draft,
    guideById,
    workerById,
    load,
    loadVisitsToday,
    logVisit,
    startReturn,
    getGuide,
    saveGuide,
    verifyGuide,
    addWorker,
    addDesk,
    history,
  }
})
