// The patrol report contract: what an inspector records about an obstruction, and the repeat
// sighting (observation) of the same place. Device and server validate with these same schemas.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { Lat, Lng } from '../geo.ts'

export const REPORT_KINDS = ['shared_bike', 'delivery_ebike', 'private_ebike', 'car', 'stall', 'debris', 'other'] as const
export const ReportKind = z.enum(REPORT_KINDS, { error: 'patrol_kind_invalid' })
export type ReportKind = z.infer<typeof ReportKind>

export const REPORT_STATUSES = ['open', 'closed'] as const
export const ReportStatus = z.enum(REPORT_STATUSES)
export type ReportStatus = z.infer<typeof ReportStatus>

/** FixMyStreet-style report states: where the office's review of a report stands. */
export const WORKFLOW_STATUSES = ['open', 'notified', 'in_progress', 'resolved', 'verified', 'duplicate', 'not_ours'] as const
export const WorkflowStatus = z.enum(WORKFLOW_STATUSES, { error: 'workflow_status_invalid' })
export type WorkflowStatus = z.infer<typeof WorkflowStatus>

/** Accuracy above this is not a position at all (cell-tower guesses); the device asks for the map pin. */
export const MAX_ACCURACY_M = 1000
export const MAX_COUNT = 500
export const MAX_PHOTOS = 6
export const MAX_CLEAR_WIDTH_M = 20
/** Quick picks for the blocked share of the pavement width: ⅓, ½, ⅔, all of it. */
export const BLOCKED_SHARE_PICKS = [1 / 3, 1 / 2, 2 / 3, 1] as const

const requiredAs = (key: string) => (iss: { input?: unknown }) => (iss.input === undefined || iss.input === null ? key : undefined)

export const PositionSource = z.enum(['gps', 'map'], { error: 'patrol_position_source' })

export const Position = z.strictObject(
  {
    lat: Lat,
    lng: Lng,
    accuracy_m: z.number({ error: 'patrol_accuracy_range' }).min(0, { error: 'patrol_accuracy_range' }).max(MAX_ACCURACY_M, { error: 'patrol_accuracy_range' }),
    source: PositionSource,
  },
  { error: requiredAs('patrol_position_required') },
)
export type Position = z.infer<typeof Position>

export const Sha256 = text().regex(/^[0-9a-f]{64}$/, { error: 'patrol_photo_hash' })

const Count = z
  .number({ error: 'patrol_count_range' })
  .int({ error: 'patrol_count_range' })
  .min(0, { error: 'patrol_count_range' })
  .max(MAX_COUNT, { error: 'patrol_count_range' })

/** Vehicles per operator id (from the configurable operator list). */
export const Counts = z
  .record(text().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'patrol_operator_key' }), Count)
  .refine((c) => Object.keys(c).length <= 30, { error: 'patrol_operators_max' })
export type Counts = z.infer<typeof Counts>

export const BlockedShare = z.number({ error: 'patrol_share_range' }).min(0, { error: 'patrol_share_range' }).max(1, { error: 'patrol_share_range' })

export const ClearWidth = z
  .number({ error: 'patrol_clear_width_range' })
  .min(0, { error: 'patrol_clear_width_range' })
  .max(MAX_CLEAR_WIDTH_M, { error: 'patrol_clear_width_range' })

export const Photos = z
  .array(Sha256)
  .max(MAX_PHOTOS, { error: 'patrol_photos_max' })
  .refine((p) => new Set(p).size === p.length, { error: 'patrol_photos_duplicate' })

export const ObservedAt = z.iso.datetime({ offset: true, error: 'patrol_observed_at' })

/** What is sighted, shared by a new report and a repeat sighting. */
const sighting = {
  position: Position,
  counts: Counts.default({}),
  blocked_share: BlockedShare.nullable().default(null),
  clear_width_m: ClearWidth.nullable().default(null),
  photos: Photos.default([]),
  note: text().trim().max(1000, { error: 'patrol_note_length' }).default(''),
  observed_at: ObservedAt,
}

/** Data of a `report` put mutation. */
export const ReportInput = z.strictObject({
  ...sighting,
  community_id: Slug,
  address: text().trim().max(200, { error: 'patrol_address_length' }).default(''),
  kind: ReportKind,
})
export type ReportInput = z.infer<typeof ReportInput>

/** What was seen, beyond its kind: a vehicle counted, the blocked share of the pavement or a photo. */
export function hasEvidence(v: { counts: Counts; blocked_share: number | null; photos: readonly string[] }): boolean {
  return Object.values(v.counts).some((n) => n > 0) || v.blocked_share !== null || v.photos.length > 0
}

/**
 * A report as an inspector's device pushes it: ReportInput that says what was there (a kind alone is
 * refused, named at `counts`). Open311 requests file through plain ReportInput: a resident's
 * description is their evidence.
 */
export const ReportMutation = ReportInput.superRefine((v, ctx) => {
  if (!hasEvidence(v)) ctx.addIssue({ code: 'custom', path: ['counts'], message: 'patrol_evidence_required', input: v.counts })
})

/** Data of an `observation` put mutation: a repeat sighting of an existing report. */
export const ObservationInput = z.strictObject({
  ...sighting,
  report_id: Id,
})
export type ObservationInput = z.infer<typeof ObservationInput>

/** A report as the server keeps it and sends it back (push results, pull, read routes). */
export const Report = ReportInput.extend({
  id: Id,
  reporter_id: Id,
  reporter_name: text(),
  received_at: text(),
  updated_at: text(),
  status: ReportStatus,
  /** The office's review, so the reporter sees what became of the report: its state and the note of its last change. */
  workflow_status: WorkflowStatus.optional(),
  review_note: text().optional(),
  version: z.number().int(),
})
export type Report = z.infer<typeof Report>

export const Observation = ObservationInput.extend({
  id: Id,
  community_id: Slug,
  reporter_id: Id,
  reporter_name: text(),
  received_at: text(),
  version: z.number().int(),
})
export type Observation = z.infer<typeof Observation>

/** A report with its sightings folded in, for lists and maps. */
export const ReportSummary = Report.extend({
  observation_count: z.number().int(),
  last_observed_at: text(),
})
export type ReportSummary = z.infer<typeof ReportSummary>

/** An open report near a position, with how far away it is. */
export const NearbyReport = ReportSummary.extend({ distance_m: z.number() })
export type NearbyReport = z.infer<typeof NearbyReport>
