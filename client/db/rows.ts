// Row types of every table on the device, in one module below the database class and the
// repositories, so that neither has to import the other for a type.
import type { Me } from '#domain/auth.ts'
import type { ClientConfig } from '#domain/config.ts'
import type { SyncOp } from '#domain/sync.ts'
import type { FieldError } from '#domain/messages.ts'
import type { ObservationInput, Position, ReportInput, ReportKind, ReportStatus } from '#domain/patrol/report.ts'
import type { PickupList } from '#domain/meals/sales.ts'
import type { AgreementInput } from '#domain/patrol/agreements.ts'
import type { ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import type { ReferenceLayer } from '#domain/reference-layers.ts'
import type { BBox, TileRange } from '../map/offline-areas/tile-math.ts'

export interface IdentityRow {
  key: 'me'
  me: Me
  signed_in_at: string
}

export interface KvRow {
  key: string
  value: unknown
}

export interface ConfigRow {
  key: 'config'
  config: ClientConfig
  fetched_at: string
}

export type OutboxState = 'pending' | 'syncing' | 'conflict' | 'rejected'

export interface OutboxRow {
  /** The mutation id (idempotency key on the server). */
  id: string
  entity: string
  entity_id: string
  op: SyncOp
  base_version: number | null
  data: Record<string, unknown>
  /** SHA-256 of photos this mutation references: uploaded before it is pushed. */
  media: string[]
  state: OutboxState
  reason?: string
  errors?: FieldError[]
  server_record?: unknown
  server_version?: number
  /** How many times it was sent; a row that was never sent may still be merged with a newer edit. */
  attempts: number
  /** Who made it: pushed only while that user is signed in. */
  user_id: string | null
  created_at: string
  client_time: string
}

export interface MediaRow {
  hash: string
  blob: Blob
  uploaded: 0 | 1
  /** Set when the server refused the file (wrong hash, not an image, too big). */
  refused?: string
  created_at: string
}

export interface MetaRow {
  key: string
  value: unknown
}

/** The server's copy of a record as last pulled or acknowledged. */
export interface SyncedRecordRow {
  entity: string
  entity_id: string
  version: number
  record: unknown
  synced_at: string
}

/** Who made a sighting on this device, and the server version the local copy is based on (0 = new). */
interface SightingOwner {
  id: string
  version: number
  reporter_id: string
  reporter_name: string
  received_at: string | null
}

/** This device's copy of its own report until the server's copy replaces it. */
export type LocalReport = ReportInput & SightingOwner & { status: ReportStatus }

/** This device's copy of its own repeat sighting of a report until the server's copy replaces it. */
export type LocalObservation = ObservationInput & SightingOwner & { community_id: string }

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

export interface MealsCheckoffRow {
  /** The sync entity id of this resident's pickup on this day (stable on this device). */
  id: string
  date: string
  subscriber_id: string
  picked: boolean
  client_time: string
}

export interface MealsPickupDayRow {
  date: string
  list: PickupList
  fetched_at: string
}

export interface LocalAgreement extends AgreementInput {
  id: string
  /** The server version this edit is based on (0 = never synced). */
  version: number
  created_by_name: string
  updated_at: string
}

export interface LocalCheck extends ComplianceCheckInput {
  id: string
  inspector_name: string
}

/** A saved offline map area: what it covers and how far its download got (tiles are in Cache Storage). */
export type OfflineAreaStatus = 'downloading' | 'paused' | 'complete' | 'incomplete'

export interface OfflineAreaRow {
  id: string
  name: string
  /** Where the box came from: the user's communities or the map view they chose. */
  source: 'communities' | 'view'
  /** WGS-84 box the user asked for. */
  bbox: BBox
  zooms: number[]
  /** Tile ranges on the basemap (for a GCJ-02 basemap, of the shifted box). */
  ranges: TileRange[]
  preset: string
  url: string
  subdomains: string[]
  tiles: number
  stored: number
  absent: number
  failed: number
  bytes: number
  status: OfflineAreaStatus
  created_at: string
  updated_at: string
}

/** One reference layer of the subdistrict as last fetched (roads, outlines drawn offline). */
export interface ReferenceLayerRow {
  id: string
  subdistrict_id: string
  layer: ReferenceLayer
}

/**
 * A resident's report kept on the device until the server has it (no sign-in, so not the outbox):
 * `pending` waits for the network (next try at `next_at`), `sending` is on its way, `rejected` was
 * refused with a reason the resident can fix, `sent` keeps only the follow-up code (photo and phone dropped).
 */
export interface ResidentQueueRow {
  id: string
  subdistrict: string | null
  state: 'pending' | 'sending' | 'rejected' | 'sent'
  kind: string
  /** The form's fields (position, kind, operators, note, phone, observed_at); cleared once sent. */
  fields: Record<string, unknown> | null
  photo: Blob | null
  attempts: number
  next_at: number
  /** Why the last try failed: a problem's detail (shown), or empty for "no network". */
  error: string
  field_errors: { path: string; message: string }[]
  code: string | null
  created_at: string
  sent_at: string | null
}
