// What the agreement read routes return, shared by the API and the device: the list row (with its
// compliance rate and follow-up flag) and the full agreement with parties, checks and rate over time.
import { z } from 'zod'
import { Id } from '../ids.ts'
import { Agreement } from './agreements.ts'
import { ComplianceCheck, FollowUp, RatePoint } from './compliance.ts'
import { Party } from './parties.ts'
import { AgreementClearing } from './operator-tasks.ts'
import { PolygonSchema } from '../geo-polygon.ts'

export const AgreementSummary = Agreement.extend({
  /** Names in the order of `parties`. */
  party_names: z.array(z.string()),
  compliance_rate: z.number().nullable(),
  checks: z.int(),
  last_checked_at: z.string().nullable(),
  follow_up: z.boolean(),
  review_due: z.boolean(),
})
export type AgreementSummary = z.infer<typeof AgreementSummary>

export const AgreementZoneLink = z.object({
  id: Id,
  lineage_id: Id,
  name: z.string(),
  status: z.string(),
  capacity: z.int(),
  geometry: PolygonSchema,
})
export type AgreementZoneLink = z.infer<typeof AgreementZoneLink>

export const AgreementDetail = z.object({
  agreement: Agreement,
  parties: z.array(Party),
  checks: z.array(ComplianceCheck),
  compliance_rate: z.number().nullable(),
  series: z.array(RatePoint),
  party_rates: z.record(z.string(), z.number()),
  follow_up: FollowUp.nullable(),
  zones: z.array(AgreementZoneLink),
  review_due: z.boolean(),
  /** Operators' time to clear under this agreement's clearing terms. */
  clearing: AgreementClearing,
  /** Checks and clearing times together (combinedCompliance). */
  combined_rate: z.number().nullable(),
})
export type AgreementDetail = z.infer<typeof AgreementDetail>
