// Residents' reports (no sign-in): the form's setup (kept for offline), the device's queue with its
// send loop — a new challenge solved in a Web Worker per try, backoff on no network or a busy server,
// Retry-After on a limit, a refused report kept with its reason — the follow-up by code, and the
// office's moderation queue, decisions and the audited reveal of a phone number.
import { defineStore } from 'pinia'
import { liveQuery, type Subscription } from 'dexie'
import { ref } from 'vue'
import { z } from 'zod'
import {
  ResidentChallenge,
  ResidentFollowUp,
  ResidentPhoneRevealed,
  ResidentQueueItem,
  ResidentReceipt,
  ResidentReportFields,
  ResidentSetup,
  type ResidentDecision,
  type ResidentPhoneReveal,
  type ResidentStatus,
} from '#domain/patrol/resident.ts'
import { apiFetch, NetworkError, ProblemError } from '../api/http.ts'
import * as repo from '../db/resident-reports.ts'
import type { ResidentQueueRow } from '../db/rows.ts'
import { solvePow, PowError } from '../residents/solve-pow.ts'
import { uuidv7 } from '#domain/ids.ts'

/** Waits between tries without a network or with a busy server: 5 s, 10 s, 20 s … at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 5000 * 2 ** Math.min(attempts, 10))
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

const query = (subdistrict: string | null | undefined) => (subdistrict ? `?subdistrict=${encodeURIComponent(subdistrict)}` : '')

export const useResidentsStore = defineStore('residents', () => {
  const setup = ref<ResidentSetup | null>(null)
  const setupOffline = ref(false)
  const queue = ref<ResidentQueueRow[]>([])
  /** The id of the report whose challenge is being solved right now (for the progress line). */
  const solving = ref<string | null>(null)
  let sub: Subscription | undefined
  let flushing: Promise<void> | undefined
  let timer: ReturnType<typeof setInterval> | undefined

  async function loadSetup(subdistrict?: string) {
    const copy = await repo.cachedSetup<ResidentSetup>()
    if (copy && !setup.value && (!subdistrict || copy.subdistrict.id === subdistrict)) setup.value = copy
    try {
      const fresh = await apiFetch(`/api/patrol/residents/setup${query(subdistrict)}`, { schema: ResidentSetup })
      setup.value = fresh
      setupOffline.value = false
      await repo.cacheSetup(fresh).catch(() => undefined)
    } catch (e) {
      if (e instanceof NetworkError) setupOffline.value = true
      else throw e
    }
  }

  /** Watches the queue and sends what is due: now, when the network returns, when the page shows again, and every 30 s. */
  function start() {
    sub ??= liveQuery(() => repo.residentQueue()).subscribe({ next: (rows) => (queue.value = rows), error: () => {} })
    if (timer) return
    const kick = () => void flush()
    window.addEventListener('online', kick)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && kick())
    timer = setInterval(kick, 30_000)
    kick()
  }

  /** Checks the form like the server does and queues it on the device; sending follows at once when online. */
  async function submit(fields: unknown, photo: Blob | null): Promise<{ id?: string; errors: Record<string, string> }> {
    const parsed = ResidentReportFields.safeParse(fields)
    const errors: Record<string, string> = {}
    if (!parsed.success) for (const i of parsed.error.issues) errors[i.path.join('.')] ??= i.message
    if (!photo) errors.photo = 'resident_photo_required'
    if (!parsed.success || !photo) return { errors }
    const id = uuidv7()
    await repo.queueResidentReport({
      id,
      subdistrict: setup.value?.subdistrict.id ?? null,
      state: 'pending',
      kind: parsed.data.kind,
      fields: parsed.data,
      photo,
      attempts: 0,
      next_at: 0,
      error: '',
      field_errors: [],
      code: null,
      created_at: new Date().toISOString(),
      sent_at: null,
    })
    void flush()
    return { id, errors }
  }

  async function sendOne(row: ResidentQueueRow): Promise<boolean> {
    await repo.updateResidentReport(row.id, { state: 'sending' })
    try {
      const { challenge } = await apiFetch(`/api/patrol/residents/challenge${query(row.subdistrict)}`, { schema: ResidentChallenge })
      solving.value = row.id
      const pow = await solvePow(challenge).finally(() => (solving.value = null))
      const body = {
        ...row.fields,
        id: row.id,
        subdistrict: row.subdistrict ?? challenge.parameters.data?.sd,
        device: await repo.residentDevice(),
        photo: { content_type: row.photo?.type || 'image/jpeg', data: row.photo ? await base64Of(row.photo) : '' },
        pow,
      }
      const receipt = await apiFetch('/api/patrol/residents/reports', { method: 'POST', json: body, schema: ResidentReceipt })
      await repo.markResidentSent(row.id, receipt.code, receipt.received_at)
      return true
    } catch (e) {
      const attempts = row.attempts + 1
      const retry = (waitMs: number, error = '') => repo.updateResidentReport(row.id, { state: 'pending', attempts, next_at: Date.now() + waitMs, error })
      if (e instanceof NetworkError || e instanceof PowError) await retry(backoffMs(row.attempts))
      else if (e instanceof ProblemError && e.status === 429) await retry((e.retryAfterSeconds ?? 3600) * 1000, e.problem?.detail ?? '')
      else if (e instanceof ProblemError && (e.status >= 500 || e.status === 408)) await retry(backoffMs(row.attempts), e.problem?.detail ?? '')
      // A challenge that expired or was spent on the way: a new one at once (a few times).
      else if (e instanceof ProblemError && e.problem?.errors?.some((f) => f.path === 'pow') && attempts < 4) await retry(0)
      else if (e instanceof ProblemError)
        await repo.updateResidentReport(row.id, {
          state: 'rejected',
          attempts,
          error: e.problem?.detail ?? e.message,
          field_errors: (e.problem?.errors ?? []).map((f) => ({ path: f.path, message: f.message })),
        })
      else await retry(backoffMs(row.attempts), e instanceof Error ? e.message : String(e))
      return false
    }
  }

  /** Sends every due report, oldest first, one at a time; stops at the first one that could not go. */
  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        for (const row of await repo.dueResidentReports(Date.now())) if (!(await sendOne(row))) break
      } finally {
        flushing = undefined
      }
    })()
    return flushing
  }

  /** Tries a report again now (after a wait, or after the resident fixed what was refused). */
  async function retryNow(id: string) {
    await repo.updateResidentReport(id, { state: 'pending', next_at: 0, error: '', field_errors: [] })
    await flush()
  }

  async function discard(id: string) {
    await repo.deleteResidentReport(id)
  }

  async function follow(code: string) {
    return apiFetch(`/api/patrol/residents/follow/${encodeURIComponent(code)}`, { schema: ResidentFollowUp })
  }

  // The office's side.
  const moderation = ref<ResidentQueueItem[]>([])
  async function loadModeration(status: ResidentStatus | 'all') {
    moderation.value = await apiFetch(`/api/patrol/residents/reports${status === 'all' ? '' : `?status=${status}`}`, { schema: z.array(ResidentQueueItem) })
  }
  async function decide(id: string, decision: ResidentDecision) {
    const item = await apiFetch(`/api/patrol/residents/reports/${id}/decision`, { method: 'POST', json: decision, schema: ResidentQueueItem })
    moderation.value = moderation.value.map((m) => (m.id === id ? item : m))
    return item
  }
  /** One report's full number for the stated purpose (audited on the server); the caller keeps it, not the store. */
  function revealPhone(id: string, body: ResidentPhoneReveal) {
    return apiFetch(`/api/patrol/residents/reports/${id}/phone`, { method: 'POST', json: body, schema: ResidentPhoneRevealed })
  }

  return { setup, setupOffline, queue, solving, loadSetup, start, submit, flush, retryNow, discard, follow, moderation, loadModeration, decide, revealPhone }
})
