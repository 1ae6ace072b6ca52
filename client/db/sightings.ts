// Patrol repository on the device: reports and repeat sightings (one "sighting" shape), and the capture
// draft. Every save writes the local copy and its outbox mutation in one transaction, then syncs.
import type { ObservationInput, ReportInput, ReportKind, ReportStatus, WorkflowStatus } from '#domain/patrol/report.ts'
import type { Operator } from '#domain/patrol/operators.ts'
import { db } from './database.ts'
import { saveMedia, writeWithOutbox, type ItemSync } from './outbox.ts'
import { readViews, type Synced } from './synced-view.ts'
import type { CaptureDraft, LocalObservation, LocalReport } from './rows.ts'

export type { CaptureDraft, LocalObservation, LocalReport }

/** A report or a repeat sighting of one, as every patrol list and map shows it. */
export interface Sighting {
  entity: 'report' | 'observation'
  id: string
  /** The report this is about: its own id for a report. */
  report_id: string
  community_id: string
  /** For a sighting, its report's (`other` while the report is unknown on this device). */
  kind: ReportKind
  address: string
  status: ReportStatus
  /** Where the office's review stands, and the note of its last change (a sighting shows its report's). */
  workflow_status: WorkflowStatus
  review_note: string
  position: ReportInput['position']
  counts: Record<string, number>
  blocked_share: number | null
  clear_width_m: number | null
  photos: string[]
  note: string
  observed_at: string
  reporter_id: string
  reporter_name: string
  received_at: string | null
  version: number
  sync: ItemSync
  /** Written on this device and not yet settled. */
  local: boolean
}

/** What a save writes: the local copy and the mutation's data, for a report or a sighting of one. */
export type NewSighting =
  { entity: 'report'; local: LocalReport; data: ReportInput } | { entity: 'observation'; local: LocalObservation; data: ObservationInput }

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

/** Thrown inside the one-round-trip save to roll it back when the draft does not prove the id fresh. */
class NotFromDraft extends Error {}

/**
 * Saves a sighting from the draft `draftKey` in one round trip, or resolves false having written
 * nothing. The draft's id is made when the draft starts and the draft is deleted in the same
 * transaction that saves the record, so while the draft still holds this id no save of it exists: no
 * outbox row to merge with, no synced copy, base version null. The draft is read in the same batch as
 * the writes (requests run in order) and the transaction is rolled back if it holds another id.
 */
async function saveFromDraft(s: NewSighting, draftKey: string): Promise<boolean> {
  const photoKeys = s.data.photos.map(draftPhotoKey)
  const tables = [s.entity === 'report' ? db.patrol_reports : db.patrol_observations, db.patrol_drafts, ...(photoKeys.length ? [db.kv] : [])]
  try {
    await writeWithOutbox(tables, async (enqueue) => {
      const [draft, photos] = await Promise.all([
        db.patrol_drafts.get(draftKey),
        photoKeys.length ? db.kv.bulkGet(photoKeys) : [],
        s.entity === 'report' ? db.patrol_reports.put(s.local) : db.patrol_observations.put(s.local),
        enqueue({ entity: s.entity, entity_id: s.local.id, op: 'put', data: { ...s.data }, media: s.data.photos, base_version: null }),
        db.patrol_drafts.delete(draftKey),
      ])
      if (draft?.id !== s.local.id) throw new NotFromDraft()
      if (photoKeys.length === 0) return
      await Promise.all([...photos.flatMap((row, i) => (row ? [saveMedia(s.data.photos[i]!, row.value as Blob)] : [])), db.kv.bulkDelete(photoKeys)])
    })
    return true
  } catch (e) {
    if (e instanceof NotFromDraft) return false
    throw e
  }
}

/** Writes the record and its outbox row together and clears the draft `draftKey` (when given). */
export async function saveSighting(s: NewSighting, draftKey: string | null): Promise<void> {
  if (draftKey && (await saveFromDraft(s, draftKey))) return
  await writeWithOutbox(patrolTables(), async (enqueue) => {
    for (const h of s.data.photos) await releasePhoto(h)
    // Issued together, one round trip: the record, its outbox row's look-ups, the draft's removal.
    await Promise.all([
      s.entity === 'report' ? db.patrol_reports.put(s.local) : db.patrol_observations.put(s.local),
      enqueue({ entity: s.entity, entity_id: s.local.id, op: 'put', data: { ...s.data }, media: s.data.photos }),
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

/** The server's copy also carries the review; the device's own copy has none yet. */
type ReportCopy = Omit<LocalReport, 'received_at'> & { received_at: string | null; workflow_status?: WorkflowStatus; review_note?: string }
type ObservationCopy = Omit<LocalObservation, 'received_at'> & { received_at: string | null }

function fromView(r: Synced<ReportCopy>): Sighting {
  const { record: x } = r
  return {
    entity: 'report',
    id: r.id,
    report_id: r.id,
    community_id: x.community_id,
    kind: x.kind,
    address: x.address,
    status: x.status ?? 'open',
    workflow_status: x.workflow_status ?? 'open',
    review_note: x.review_note ?? '',
    position: x.position,
    counts: x.counts,
    blocked_share: x.blocked_share,
    clear_width_m: x.clear_width_m,
    photos: x.photos,
    note: x.note,
    observed_at: x.observed_at,
    reporter_id: x.reporter_id,
    reporter_name: x.reporter_name,
    received_at: x.received_at,
    version: r.version,
    sync: r.sync,
    local: r.local,
  }
}

/**
 * Every sighting the device knows: the server's copies the sync engine pulled overlaid with this
 * device's own writes (the synced view), each with its sync state; a repeat sighting takes its report's
 * kind, address and status.
 */
export async function loadSightings(): Promise<Sighting[]> {
  const view = await readViews({ reports: { entity: 'report' }, observations: { entity: 'observation' } })
  const reports = (view.reports as Synced<ReportCopy>[]).map(fromView)
  const byId = new Map(reports.map((r) => [r.id, r]))
  const observations = (view.observations as Synced<ObservationCopy>[]).map((o): Sighting => {
    const parent = byId.get(o.record.report_id)
    const { report_id, community_id, ...x } = o.record
    return {
      ...fromView({ ...o, record: { ...x, community_id: community_id || parent?.community_id || '', address: '', kind: 'other', status: 'open' } }),
      entity: 'observation',
      report_id,
      kind: parent?.kind ?? 'other',
      address: parent?.address ?? '',
      status: parent?.status ?? 'open',
      workflow_status: parent?.workflow_status ?? 'open',
      review_note: parent?.review_note ?? '',
    }
  })
  return [...reports, ...observations]
}
