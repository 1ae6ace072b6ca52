// What the agreement read routes return, shared by the API and the device: the list row (with its
// compliance rate and follow-up flag) and the full agreement with parties, checks and rate over time.
import type { Agreement } from './agreements.ts'
import type { ComplianceCheck, FollowUp, RatePoint } from './compliance.ts'
import type { Party } from './parties.ts'
import type { Polygon } from '../geo-polygon.ts'

export interface AgreementSummary extends Agreement {
  /** Names in the order of `parties`. */
  party_names: string[]
  compliance_rate: number | null
  checks: number
  last_checked_at: string | null
  follow_up: boolean
  review_due: boolean
}

export interface AgreementZoneLink {
  id: string
  lineage_id: string
  name: string
  status: string
  capacity: number
  geometry: Polygon
}

export interface AgreementDetail {
  agreement: Agreement
  parties: Party[]
  checks: ComplianceCheck[]
  compliance_rate: number | null
  series: RatePoint[]
  party_rates: Record<string, number>
  follow_up: FollowUp | null
  zones: AgreementZoneLink[]
  review_due: boolean
}
