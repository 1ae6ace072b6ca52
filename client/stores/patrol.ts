// Patrol state for the pages: my reports and repeat sightings (one shape) with their sync state, live from the synced view; the
// operator list, the capture draft (autosaved on every change) and the offline-first save.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref, shallowRef, toRaw } from 'vue'
import type { Subscription } from 'dexie'
import { Operator } from '#domain/patrol/operators.ts'
import { DEFAULT_OPERATORS } from '#domain/patrol/operators.ts'
import { NearbyReport as NearbyAnswer } from '#domain/patrol/report.ts'
import { findNearby } from '#domain/patrol/rules.ts'
import type { Lang } from '#domain/messages.ts'
import { apiFetch } from '../api/http.ts'
import type * as repo from '../db/sightings.ts'
import { isBlank, newDraft } from '../patrol/draft.ts'
import type { Checked } from '../patrol/draft-check.ts'
import { useSessionStore } from './session.ts'

export type { ItemSync, SyncState } from '../db/outbox.ts'
export type { Sighting } from '../db/sightings.ts'

/** A report offered to add a sighting to: the device's own or the server's answer. */
export type NearbyReport = Pick<NearbyAnswer, 'id' | 'kind' | 'address' | 'distance_m'>

/**
 * The device's records, imported on first use: a page that uses the store paints before the device
 * database's code has loaded (the draft, the list and every save wait for it, not the page).
 */
const local = () => import('../db/sightings.ts')

export const usePatrolStore = defineStore('patrol', () => {
  const session = useSessionStore()
  const sightings = shallowRef<repo.Sighting[]>([])
  const operators = ref<Operator[]>(DEFAULT_OPERATORS)
  const draft = ref<repo.CaptureDraft | null>(null)
  /** Set by a save so My patrol can confirm it at once. */
  const lastSaved = ref<{ id: string; at: number } | null>(null)
  let sub: Subscription | undefined

  const meId = computed(() => session.me?.id ?? '')
  /** Mine (or made on this device), newest first. */
  const mySightings = computed(() =>
    sightings.value.filter((s) => s.reporter_id === meId.value || s.local).sort((a, b) => b.observed_at.localeCompare(a.observed_at)),
  )
  const reports = computed(() => sightings.value.filter((s) => s.entity === 'report'))
  const reportById = computed(() => new Map(reports.value.map((r) => [r.id, r])))
  /** How many repeat sightings each report has on this device. */
  const sightingCount = computed(() => {
    const n = new Map<string, number>()
    for (const s of sightings.value) if (s.entity === 'observation') n.set(s.report_id, (n.get(s.report_id) ?? 0) + 1)
    return n
  })

  /** Keeps the list live: the sync engine changing an outbox row or a synced copy updates the item. */
  let watching = false
  function watchSightings() {
    if (watching) return
    watching = true
    void Promise.all([import('dexie'), local()]).then(([{ liveQuery }, r]) => {
      sub ??= liveQuery(() => r.loadSightings()).subscribe({ next: (s) => (sightings.value = s), error: () => {} })
    })
  }

  /** The server's list, asked for at once; the device's copy stands in until it comes, or without network. */
  async function loadOperators() {
    let fresh: Operator[] | undefined
    const copy = local()
      .then((r) => r.cachedOperators())
      .then((cached) => {
        if (cached?.length && !fresh) operators.value = cached
      })
      .catch(() => undefined)
    try {
      fresh = await apiFetch('/api/patrol/operators', { schema: z.array(Operator) })
      operators.value = fresh
      await (await local()).cacheOperators(fresh)
    } catch {
      /* offline: cached or default list */
      await copy
    }
  }

  /**
   * Draft writes (autosave, save, clear, open) run one after another in the order asked. An autosave
   * asked for just before a save or a clear runs first; one asked for after it finds no draft and
   * writes nothing, so a saved re-check or a cleared form never comes back from the database.
   */
  let draftWrites: Promise<unknown> = Promise.resolve()
  function inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const next = draftWrites.then(fn, fn)
    draftWrites = next.catch(() => {})
    return next
  }
  /** The draft as stored: a plain copy, stamped now (the reactive draft is not touched). */
  const stored = (d: repo.CaptureDraft) => ({ ...structuredClone(toRaw(d)), updated_at: new Date().toISOString() })

  /** Restores this user's unfinished draft (a new report or a sighting), or starts a fresh one. */
  function openDraft(): Promise<repo.CaptureDraft> {
    return inTurn(async () => {
      const me = session.me
      if (!me) throw new Error('not signed in')
      const r = await local()
      const saved = await r.loadDraft(me.id)
      const d = saved ?? newDraft(me.id, me.communities[0]?.id ?? '')
      if (!saved) await r.putDraft(stored(d))
      draft.value = d
      return draft.value
    })
  }

  /** An unfinished draft with something in it (a fresh, untouched form is not one). */
  async function hasDraft(): Promise<boolean> {
    const d = session.me && (await (await local()).loadDraft(session.me.id))
    return !!d && !isBlank(d)
  }

  function persistDraft(): Promise<void> {
    return inTurn(async () => {
      const copy = draft.value && stored(draft.value)
      if (copy) await (await local()).putDraft(copy)
    })
  }

  /** Drops the draft (a sighting's too); the next openDraft starts a new report. */
  function discardDraft(): Promise<void> {
    return inTurn(async () => {
      draft.value = null
      if (session.me) await (await local()).deleteDraft(session.me.id)
    })
  }

  /** The draft checked as the server would; the checker (and its message catalogue) loads on first use. */
  async function check(lang: Lang): Promise<Checked> {
    const { checkDraft } = await import('../patrol/draft-check.ts')
    const me = session.me
    if (!draft.value || !me) return { ok: false as const, errors: {} }
    return checkDraft(toRaw(draft.value), { role: me.role, community_ids: me.communities.map((c) => c.id) }, lang)
  }

  /** Open reports within 50 m: what this device holds, plus the server's answer when it is reachable. */
  async function nearby(at: { lat: number; lng: number }): Promise<NearbyReport[]> {
    const local = findNearby(reports.value, at).map((r) => ({ id: r.id, kind: r.kind, address: r.address, distance_m: r.distance_m }))
    const byId = new Map(local.map((r) => [r.id, r]))
    try {
      const ctl = new AbortController()
      const timer = setTimeout(() => ctl.abort(), 2500)
      const remote = await apiFetch(`/api/patrol/reports/nearby?lat=${at.lat}&lng=${at.lng}&radius=50`, {
        schema: z.array(NearbyAnswer),
        signal: ctl.signal,
      })
      clearTimeout(timer)
      for (const r of remote) if (!byId.has(r.id)) byId.set(r.id, { id: r.id, kind: r.kind, address: r.address, distance_m: r.distance_m })
    } catch {
      /* offline or slow: the device's own records are the offer */
    }
    return [...byId.values()].sort((a, b) => a.distance_m - b.distance_m)
  }

  /** Saves the checked draft locally with its outbox row (no network needed) and clears the draft. */
  function save(lang: Lang) {
    return inTurn(async () => {
      const me = session.me
      const d = draft.value
      const checked = await check(lang)
      if (!checked.ok || !me || !d) return checked
      const owner = { version: 0, reporter_id: me.id, reporter_name: me.display_name, received_at: null }
      const owned = { id: d.id, ...owner }
      await (
        await local()
      ).saveSighting(
        checked.entity === 'report'
          ? { entity: 'report', local: { ...checked.data, ...owned, status: 'open' }, data: checked.data }
          : {
              entity: 'observation',
              local: { ...checked.data, ...owned, community_id: reportById.value.get(checked.data.report_id)?.community_id ?? '' },
              data: checked.data,
            },
        me.id,
      )
      lastSaved.value = { id: d.id, at: Date.now() }
      draft.value = null
      return checked
    })
  }

  async function addPhoto(hash: string, blob: Blob) {
    await (await local()).savePhoto(hash, blob)
  }

  async function removePhoto(hash: string) {
    if (draft.value) draft.value.photos = draft.value.photos.filter((h) => h !== hash)
    await (await local()).dropPhoto(hash)
  }

  const photoBlob = async (hash: string) => (await local()).photoBlob(hash)

  return {
    sightings,
    operators,
    draft,
    lastSaved,
    mySightings,
    reports,
    reportById,
    sightingCount,
    watchSightings,
    loadOperators,
    openDraft,
    hasDraft,
    persistDraft,
    discardDraft,
    check,
    nearby,
    save,
    addPhoto,
    removePhoto,
    photoBlob,
  }
})
