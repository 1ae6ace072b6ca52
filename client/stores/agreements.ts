// Agreements for the pages: parties, the list and one agreement (online, cached for offline), the
// device's own drafts and checks with their sync state, and offline-first saves through the outbox.
import { AgreementBeforeAfter } from '#domain/patrol/before-after-views.ts'
import { defineStore } from 'pinia'
import { z } from 'zod'
import { computed, ref, shallowRef, toRaw } from 'vue'
import { liveQuery, type Subscription } from 'dexie'
import { AgreementInput, type AgreementInputRaw } from '#domain/patrol/agreements.ts'
import { ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import { AgreementDetail, AgreementSummary } from '#domain/patrol/agreement-views.ts'
import { Party, type PartyInputRaw } from '#domain/patrol/parties.ts'
import { formatIssues, type Lang } from '#domain/messages.ts'
import { uuidv7 } from '#domain/ids.ts'
import { haversineM } from '#domain/geo.ts'
import { HotspotPage } from '#domain/patrol/hotspot-views.ts'
import { apiFetch } from '../api/http.ts'
import * as repo from '../db/agreements.ts'
import { reencodePhoto, sha256Hex } from '../patrol/image-encode.ts'
import { useSessionStore } from './session.ts'

export type FieldErrors = Record<string, string>
export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors }

/** A plain deep copy of form state (nested Vue proxies cannot be structured-cloned into IndexedDB). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(toRaw(v))) as T

function errorsOf(issues: Parameters<typeof formatIssues>[0], lang: Lang): FieldErrors {
  const out: FieldErrors = {}
  for (const e of formatIssues(issues, lang)) out[e.path] ??= e.message
  return out
}

export const useAgreementsStore = defineStore('agreements', () => {
  const session = useSessionStore()
  const parties = ref<Party[]>([])
  const list = ref<AgreementSummary[]>([])
  const view = shallowRef<repo.AgreementsView>({ agreements: [], checks: [] })
  /** This device's unsettled agreements, and the checks it made or the signed-in inspector made, with their sync state. */
  const local = computed(() => ({
    agreements: view.value.agreements.filter((a) => a.local).map((a) => ({ ...(a.record as repo.LocalAgreement), id: a.id, sync: a.sync })),
    checks: view.value.checks
      .filter((c) => c.local || ('inspector_id' in c.record && c.record.inspector_id === session.me?.id))
      .map((c) => ({ ...c.record, id: c.id, sync: c.sync })),
  }))
  /** The device's copy of one agreement (its own edit or the server's last synced copy). */
  const copyOf = (id: string) => view.value.agreements.find((a) => a.id === id)
  /** True when the last load came from the device's cache (no network). */
  const fromCache = ref(false)
  let sub: Subscription | undefined

  function watchLocal() {
    sub ??= liveQuery(() => repo.loadView()).subscribe({ next: (v) => (view.value = v), error: () => {} })
  }

  async function online<S extends z.ZodType>(key: string, path: string, schema: S): Promise<z.output<S> | undefined> {
    try {
      const fresh = await apiFetch(path, { schema })
      await repo.cache(key, fresh)
      fromCache.value = false
      return fresh
    } catch {
      fromCache.value = true
      return repo.cached<z.output<S>>(key)
    }
  }

  async function loadParties() {
    parties.value = (await online('parties', '/api/patrol/parties', z.array(Party))) ?? parties.value
  }
  async function loadList() {
    list.value = (await online('list', '/api/patrol/agreements', z.array(AgreementSummary))) ?? list.value
  }
  const loadDetail = (id: string) => online(`detail.${id}`, `/api/patrol/agreements/${id}`, AgreementDetail)
  /** The before/after comparison at the agreement's places (online only: it is computed on the server). */
  const loadBeforeAfter = (id: string, weeks: number) => apiFetch(`/api/patrol/agreements/${id}/before-after?weeks=${weeks}`, { schema: AgreementBeforeAfter })

  const fullParty = (id: string) => apiFetch(`/api/patrol/parties/${id}`, { schema: Party })
  async function saveParty(input: PartyInputRaw, id?: string, version?: number): Promise<Party> {
    const saved = id
      ? await apiFetch(`/api/patrol/parties/${id}`, { schema: Party, method: 'PUT', json: { ...input, version } })
      : await apiFetch('/api/patrol/parties', { schema: Party, method: 'POST', json: input })
    await loadParties()
    return saved
  }

  /** Checks with the shared schema, then saves locally with its outbox row: works with no network. */
  async function saveAgreement(raw: AgreementInputRaw, id: string | null, lang: Lang, baseVersion?: number): Promise<SaveResult> {
    const parsed = AgreementInput.safeParse(plain(raw))
    if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error.issues, lang) }
    const me = session.me
    const entityId = id ?? uuidv7()
    const local: repo.LocalAgreement = {
      ...parsed.data,
      id: entityId,
      version: baseVersion ?? 0,
      created_by_name: me?.display_name ?? '',
      updated_at: new Date().toISOString(),
    }
    // An edit of a server copy states the version it is based on unless this device still has it on its way.
    const pending = hasPending(entityId)
    await repo.saveAgreement(local, parsed.data, baseVersion !== undefined && !pending ? baseVersion : undefined)
    return { ok: true, id: entityId }
  }

  function hasPending(id: string) {
    return local.value.agreements.some((a) => a.id === id && a.sync.state !== 'synced')
  }

  async function recordCheck(raw: unknown, lang: Lang): Promise<SaveResult> {
    const parsed = ComplianceCheckInput.safeParse(plain(raw))
    if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error.issues, lang) }
    const id = uuidv7()
    await repo.saveCheck({ ...parsed.data, id, inspector_name: session.me?.display_name ?? '' }, parsed.data)
    return { ok: true, id }
  }

  /** Hotspots within 200 m of a place, nearest first; empty offline or for roles that cannot read them. */
  async function nearbyHotspots(at: { lat: number; lng: number }): Promise<{ id: string; landmark: string; distance_m: number }[]> {
    try {
      const r = await apiFetch('/api/patrol/hotspots?limit=200', { schema: HotspotPage })
      return r.items
        .map((h) => ({ id: h.id, landmark: h.landmark, distance_m: Math.round(haversineM(at, h)) }))
        .filter((h) => h.distance_m <= 200)
        .sort((a, b) => a.distance_m - b.distance_m)
    } catch {
      return []
    }
  }

  /** A drawn signature (PNG) kept on the device by its hash until the sync engine uploads it. */
  async function keepSignature(png: Blob): Promise<string> {
    const hash = await sha256Hex(png)
    await repo.saveBlob(hash, png)
    return hash
  }

  async function keepPhoto(file: Blob): Promise<string> {
    const photo = await reencodePhoto(file)
    await repo.saveBlob(photo.sha256, photo.blob)
    return photo.sha256
  }

  const urls = new Map<string, string>()
  /** A URL for a photo or signature: the device's copy when it has one, else the server's. */
  async function mediaUrl(hash: string): Promise<string> {
    const known = urls.get(hash)
    if (known) return known
    const blob = await repo.localBlob(hash)
    const url = blob ? URL.createObjectURL(blob) : `/api/media/${hash}`
    urls.set(hash, url)
    return url
  }

  return {
    parties,
    list,
    local,
    copyOf,
    fromCache,
    watchLocal,
    loadParties,
    loadList,
    loadDetail,
    loadBeforeAfter,
    fullParty,
    saveParty,
    saveAgreement,
    recordCheck,
    nearbyHotspots,
    keepSignature,
    keepPhoto,
    mediaUrl,
  }
})
