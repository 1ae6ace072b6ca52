// Patrol tables as Kysely sees them: reports, their repeat sightings (observations) and the
// configurable operator list. Counts and photo lists are JSON text; instants are ISO UTC text.

export interface PatrolReportsTable {
  subdistrict_id: string
  id: string
  community_id: string
  reporter_id: string
  lat: number
  lng: number
  accuracy_m: number
  position_source: string
  address: string
  kind: string
  /** JSON object operator id → count. */
  counts: string
  blocked_share: number | null
  clear_width_m: number | null
  /** JSON array of SHA-256 hex. */
  photos: string
  note: string
  observed_at: string
  received_at: string
  updated_at: string
  status: string
  version: number
}

export interface PatrolObservationsTable {
  subdistrict_id: string
  id: string
  report_id: string
  community_id: string
  reporter_id: string
  lat: number
  lng: number
  accuracy_m: number
  position_source: string
  counts: string
  blocked_share: number | null
  clear_width_m: number | null
  photos: string
  note: string
  observed_at: string
  received_at: string
  version: number
}

export interface PatrolOperatorsTable {
  subdistrict_id: string
  id: string
  name: string
  kind: string
  sort_order: number
  active: number
}

export interface PatrolTables {
  patrol_reports: PatrolReportsTable
  patrol_observations: PatrolObservationsTable
  patrol_operators: PatrolOperatorsTable
}
