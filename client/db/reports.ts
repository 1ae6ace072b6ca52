// Patrol repository on the device: reports, sightings and the capture draft in Dexie. Every save
// writes the local record and its outbox mutation in one transaction (writeWithOutbox), then syncs.
import type { ObservationInput, ReportInput, ReportKind, ReportStatus, Position } from '#domain/patrol/report.ts'
import type { Operator } from '#domain/patrol/operators.ts'
import type { FieldError } from '#domain/messages.ts'
import { db } from './database.ts'
import { saveMedia, writeWithOutbox, type OutboxRow } from './outbox.ts'

export interface LocalReport extends ReportInput {
  id: string
  status: ReportStatus
  /** Last server version this copy is based on; 0 = never synced. */
  version: number
  reporter_id: string
  reporter_name: string
  received_at: string | null
}

export interface LocalObservation extends ObservationInput {
  id: string
  community_id: string
  version: number
  reporter_id: string
  reporter_name: string
  received_at: string | null
}

/** The capture form as typed so far: autosaved on every change, restored on open. */
export interface CaptureDraft {
  /** One draft per signed-in user. */
  key: string
  /** Made when the draft starts, so a retried save can never create a second record. */
  id: string
  report_id: string | null
  position: Position | null
  community_id: string
  address: string
  kind: ReportKind | ''
  counts: Record<string, number>
  blocked_share: number | null
  clear_width_m: number | null
  photos: string[]
  note: string
  observed_at: string
  updated_at: string
}

export type SyncState = 'pending' | 'syncing' | 'synced' | 'conflict' | 'rejected'
export interface ItemSync {
  state: SyncState
  reason?: string
  errors?: FieldError[]
}

/** Worst state first: what the inspector most needs to see about an item. */
const RANK: Record<SyncState, number> = { rejected: 4, conflict: 3, syncing: 2, pending: 1, synced: 0 }

export function syncStateOf(rows: readonly Pick<OutboxRow, 'state' | 'reason' | 'errors'>[]): ItemSync {
  let best: ItemSync = { state: 'synced' }
  for (const r of rows) {
    if (RANK[r.state] > RANK[best.state]) best = { state: r.state, ...(r.reason ? { reason: r.reason } : {}), ...(r.errors ? { errors: r.errors } : {}) }
  }
  return best
}

export const patrolTables = () => [db.patrol_reports, db.patrol_observations, db.patrol_drafts, db.kv]

/**
 * Photos of an unsaved draft wait under kv, not in the sync engine's media table: the engine uploads
 * every media row, and a photo the inspector removed (a face, a plate) must never leave the phone.
 */
const draftPhotoKey = (hash: string) => `patrol.photo.${hash}`

/**
 * Inside the save transaction: one saved photo becomes a media row the engine will upload. It starts
 * with a Dexie call on purpose: awaiting an async function that touches no table loses Dexie's
 * transaction zone in a real browser (PrematureCommitError), so callers loop over this per photo.
 */
async function releasePhoto(hash: string) {
  const row = await db.kv.get(draftPhotoKey(hash))
  if (row) await saveMedia(hash, row.value as Blob)
  await db.kv.delete(draftPhotoKey(hash))
}

export async function saveReport(report: LocalReport, data: ReportInput, draftKey: string | null): Promise<void> {
  await writeWithOutbox(patrolTables(), async (enqueue) => {
    for (const h of data.photos) await releasePhoto(h)
    // Issued together, one round trip: the record, its outbox row's look-ups, the draft's removal.
    await Promise.all([
      db.patrol_reports.put(report),
      enqueue({ entity: 'report', entity_id: report.id, op: 'put', data: { ...data }, media: data.photos }),
      draftKey ? db.patrol_drafts.delete(draftKey) : undefined,
    ])
  })
}

export async function saveObservation(obs: LocalObservation, data: ObservationInput, draftKey: string | null): Promise<void> {
  await writeWithOutbox(patrolTables(), async (enqueue) => {
    for (const h of data.photos) await releasePhoto(h)
    await Promise.all([
      db.patrol_observations.put(obs),
      enqueue({ entity: 'observation', entity_id: obs.id, op: 'put', data: { ...data }, media: data.photos }),
      draftKey ? db.patrol_drafts.delete(draftKey) : undefined,
    ])
  })
}

export const loadDraft = (key: string) => db.patrol_drafts.get(key)
export const putDraft = (draft: CaptureDraft) => db.patrol_drafts.put(draft)
/** Drops the draft and the photos only it held. */
export async function deleteDraft(key: string): Promise<void> {
  await db.transaction('rw', db.patrol_drafts, db.kv, async () => {
    const draft = await db.patrol_drafts.get(key)
    for (const h of draft?.photos ?? []) await db.kv.delete(draftPhotoKey(h))
    await db.patrol_drafts.delete(key)
  })
}

export async function savePhoto(hash: string, blob: Blob): Promise<void> {
  await db.kv.put({ key: draftPhotoKey(hash), value: blob })
}
/** A photo removed from the draft is deleted from the device (unless a saved record already holds it). */
export async function dropPhoto(hash: string): Promise<void> {
  await db.kv.delete(draftPhotoKey(hash))
}
export async function photoBlob(hash: string): Promise<Blob | undefined> {
  return ((await db.kv.get(draftPhotoKey(hash)))?.value as Blob | undefined) ?? (await db.media.get(hash))?.blob
}

const OPERATORS_KEY = 'patrol.operators'
export async function cachedOperators(): Promise<Operator[] | undefined> {
  return (await db.kv.get(OPERATORS_KEY))?.value as Operator[] | undefined
}
export async function cacheOperators(ops: Operator[]): Promise<void> {
  await db.kv.put({ key: OPERATORS_KEY, value: ops })
}

export interface PatrolSnapshot {
  reports: (LocalReport & { sync: ItemSync; local: boolean })[]
  observations: (LocalObservation & { sync: ItemSync; local: boolean })[]
}

/**
 * Everything patrol the device knows: server copies the sync engine pulled (records table) overlaid
 * with this device's own writes, each with the sync state of its outbox rows.
 */
export async function loadSnapshot(): Promise<PatrolSnapshot> {
  return db.transaction('r', [db.patrol_reports, db.patrol_observations, db.records, db.outbox], async () => {
    const [localR, localO, serverRows, outbox] = await Promise.all([
      db.patrol_reports.toArray(),
      db.patrol_observations.toArray(),
      db.records.where('entity').anyOf('report', 'observation').toArray(),
      db.outbox.filter((r) => r.entity === 'report' || r.entity === 'observation').toArray(),
    ])
    const rowsOf = new Map<string, OutboxRow[]>()
    for (const r of outbox) rowsOf.set(r.entity_id, [...(rowsOf.get(r.entity_id) ?? []), r])
    const server = new Map(serverRows.map((r) => [r.entity_id, r]))

    function merge<T extends { id: string; version: number }>(entity: string, local: T[]): (T & { sync: ItemSync; local: boolean })[] {
      const out = new Map<string, T & { sync: ItemSync; local: boolean }>()
      for (const s of serverRows) {
        if (s.entity !== entity) continue
        out.set(s.entity_id, { ...(s.record as T), version: s.version, sync: syncStateOf(rowsOf.get(s.entity_id) ?? []), local: false })
      }
      for (const l of local) {
        const rows = rowsOf.get(l.id) ?? []
        const s = server.get(l.id)
        // The device's copy wins while it has something unsent or unresolved, or the server has nothing newer.
        if (rows.length || !s || s.version <= l.version) out.set(l.id, { ...l, sync: syncStateOf(rows), local: true })
        else out.get(l.id)!.local = true
      }
      return [...out.values()]
    }
    return { reports: merge('report', localR), observations: merge('observation', localO) }
  })
}
