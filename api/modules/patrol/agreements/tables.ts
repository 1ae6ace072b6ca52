// Tables of agreements, parties and zones as Kysely sees them: parties, agreements, compliance checks and zone versions.
// Lists (contacts, parties, commitments, results, geometry) are JSON text; instants ISO UTC text.

export interface PatrolPartiesTable {
  subdistrict_id: string
  id: string
  name: string
  kind: string
  operator_id: string | null
  contacts: string
  note: string
  created_at: string
  updated_at: string
  version: number
}

export interface PatrolAgreementsTable {
  subdistrict_id: string
  id: string
  community_id: string
  title: string
  status: string
  lat: number
  lng: number
  address: string
  measure: string
  effective_date: string
  review_date: string | null
  hotspot_ids: string
  report_ids: string
  parties: string
  commitments: string
  photos: string
  note: string
  created_by: string
  created_at: string
  updated_at: string
  version: number
}

export interface PatrolComplianceChecksTable {
  subdistrict_id: string
  id: string
  agreement_id: string
  community_id: string
  inspector_id: string
  checked_at: string
  lat: number | null
  lng: number | null
  accuracy_m: number | null
  results: string
  note: string
  score: number
  breach: number
  received_at: string
  version: number
}

export interface PatrolZonesTable {
  subdistrict_id: string
  id: string
  lineage_id: string
  version_no: number
  prev_id: string | null
  superseded_by: string | null
  superseded_at: string | null
  community_id: string
  name: string
  geometry: string
  center_lat: number
  center_lng: number
  area_m2: number
  capacity: number
  vehicle_kinds: string
  operator_ids: string
  opening_hours: string
  rules: string
  parking_type: string
  status: string
  agreement_id: string | null
  published_at: string | null
  created_by: string
  created_at: string
  updated_at: string
}

export interface AgreementTables {
  patrol_parties: PatrolPartiesTable
  patrol_agreements: PatrolAgreementsTable
  patrol_compliance_checks: PatrolComplianceChecksTable
  patrol_zones: PatrolZonesTable
}
