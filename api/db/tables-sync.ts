// Tables of the sync engine and media: the change log devices pull, the mutation ids already applied
// (idempotent replay), the per-subdistrict sequence counter, and the uploaded photos.

export interface SyncCountersTable {
  subdistrict_id: string
  /** Last seq handed out. Incremented inside the push transaction: its row lock orders commits. */
  seq: number
}

export interface ChangeLogTable {
  subdistrict_id: string
  seq: number
  entity: string
  entity_id: string
  community_id: string | null
  op: string
  version: number
  /** JSON text of the record after the change; null for a delete. */
  record: string | null
  at: string
}

export interface AppliedMutationsTable {
  subdistrict_id: string
  mutation_id: string
  user_id: string
  device_id: string
  entity: string
  entity_id: string
  status: string
  /** JSON text of the MutationResult returned the first time; a replay returns it unchanged. */
  result: string
  applied_at: string
}

export interface MediaObjectsTable {
  subdistrict_id: string
  /** The SHA-256 the device computed and references in its records. */
  hash: string
  /** The SHA-256 of the bytes on disk (after the server stripped metadata); equal when nothing was stripped. */
  stored_hash: string
  content_type: string
  size: number
  uploaded_by: string
  created_at: string
}

export interface SyncTables {
  sync_counters: SyncCountersTable
  change_log: ChangeLogTable
  applied_mutations: AppliedMutationsTable
  media_objects: MediaObjectsTable
}
