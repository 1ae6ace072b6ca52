// Residents' reports and spent proof-of-work challenges (migration 0020) as Kysely sees them, and the
// `source` column that migration adds to patrol_reports. Instants are ISO UTC text.
import type { Generated } from 'kysely'

export interface ResidentReportsTable {
  subdistrict_id: string
  id: string
  /** XXXXX-XXXXX: what the resident looks the report up by. */
  code: string
  /** Keyed hashes (HMAC with the proof-of-work key): the per-device and per-address limits; cleared under retention. */
  device_hash: string
  ip_hash: string
  community_id: string
  lat: number
  lng: number
  accuracy_m: number
  position_source: string
  kind: string
  /** JSON array of operator ids the resident named. */
  operator_ids: string
  note: string
  /** Normal form (normalizePhone); null when none was given or once anonymised. */
  phone: string | null
  /** The photo's device hash in media_objects (readable by signed-in staff only). */
  photo_hash: string | null
  observed_at: string
  received_at: string
  status: string
  reply: string
  decided_at: string | null
  decided_by: string | null
  report_id: string | null
  merged_report_id: string | null
  merged_hotspot_id: string | null
  anonymised_at: string | null
}

export interface ResidentPowSpentTable {
  subdistrict_id: string
  nonce: string
  expires_at: string
}

export interface ResidentTables {
  resident_reports: ResidentReportsTable
  resident_pow_spent: ResidentPowSpentTable
  patrol_reports: { source: Generated<string> }
}
