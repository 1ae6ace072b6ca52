// The coordinator's workflow contracts: report statuses modelled on FixMyStreet, hotspot
// statuses with history, re-check assignments, and the one filter that map, list, charts and exports share.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { REPORT_KINDS, WORKFLOW_STATUSES, WorkflowStatus } from './report.ts'

// FixMyStreet-style report states are defined beside the report, whose record carries its state.
export { WORKFLOW_STATUSES, WorkflowStatus }
/** Terminal states close the report for new sightings (resolved stays open so a re-check can verify it). */
export const CLOSING_STATUSES: readonly WorkflowStatus[] = ['verified', 'duplicate', 'not_ours']
export const NOTE_REQUIRED: readonly WorkflowStatus[] = ['duplicate', 'not_ours']
export const lifecycleOf = (s: WorkflowStatus): 'open' | 'closed' => (CLOSING_STATUSES.includes(s) ? 'closed' : 'open')

export const HOTSPOT_STATUSES = ['new', 'watching', 'negotiating', 'agreement', 'resolved'] as const
export const HotspotStatus = z.enum(HOTSPOT_STATUSES, { error: 'workflow_status_invalid' })
export type HotspotStatus = z.infer<typeof HotspotStatus>

/** Who may move a report or hotspot along: the office, never an inspector. */
export const REVIEW_ROLES = ['coordinator', 'admin'] as const

const Note = text().trim().max(1000, { error: 'workflow_note_length' }).default('')

export const ReportStatusChange = z
  .strictObject({ status: WorkflowStatus, note: Note })
  .refine((v) => !NOTE_REQUIRED.includes(v.status) || v.note.length > 0, { path: ['note'], error: 'workflow_note_required' })
export type ReportStatusChange = z.infer<typeof ReportStatusChange>

/** Where an office user puts a report that came without a position (an Open311 request with only an address). */
export const PlaceReportInput = z.strictObject({
  lat: z.number({ error: 'patrol_position_required' }).min(-90).max(90),
  lng: z.number({ error: 'patrol_position_required' }).min(-180).max(180),
})
export type PlaceReportInput = z.infer<typeof PlaceReportInput>

/** A report waiting for its position, as the coordinator's list shows it. */
export const UnplacedReport = z.object({
  id: Id,
  kind: z.enum(REPORT_KINDS),
  address: z.string(),
  note: z.string(),
  observed_at: z.string(),
  workflow_status: WorkflowStatus,
  /** Links the sending system gave (its photos); shown as links, never fetched by the server. */
  media_urls: z.array(z.string()),
})
export type UnplacedReport = z.infer<typeof UnplacedReport>

export const MergeRequest = z.strictObject({ duplicate_ids: z.array(Id).min(1).max(50), note: Note })
export const HotspotStatusChange = z.strictObject({ status: HotspotStatus, note: Note })

/** A re-check: "inspector X, look at this report at 08:00 tomorrow". Closed by X's next sighting there. */
export const RecheckInput = z.strictObject({
  /** The re-check's id, made by the form (a resend answers with the first re-check). */
  id: Id.optional(),
  report_id: Id,
  assignee_id: Id,
  due_at: z.iso.datetime({ offset: true, error: 'workflow_due_at' }),
  note: Note,
})
export type RecheckInput = z.infer<typeof RecheckInput>

export const Recheck = z.object({
  id: Id,
  report_id: Id,
  hotspot_id: text().nullable(),
  community_id: Slug,
  assignee_id: Id,
  assignee_name: text(),
  assigned_by_name: text(),
  due_at: text(),
  note: text(),
  address: text(),
  kind: text(),
  lat: z.number(),
  lng: z.number(),
  status: z.enum(['open', 'done', 'cancelled']),
  done_at: text().nullable(),
  done_observation_id: text().nullable(),
  created_at: text(),
  version: z.number().int(),
})
export type Recheck = z.infer<typeof Recheck>

const PlainDate = text().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'workflow_date' })
const csv = <T extends z.ZodType<string, string>>(item: T) =>
  text()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(20))
    .optional()

/** The one filter of the coordinator's view: map, list, charts and exports apply it together. */
export const reviewFilterShape = {
  from: PlainDate.optional(),
  to: PlainDate.optional(),
  community: csv(Slug),
  kind: csv(z.enum(REPORT_KINDS)),
  operator: csv(text().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)),
  status: csv(WorkflowStatus),
}
/** An inverted range is an error at `from`, never silently empty. */
export function withRange<T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: T): T {
  return schema.refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['from'], error: 'workflow_range' })
}
export const ReviewFilter = withRange(z.object(reviewFilterShape))
export type ReviewFilter = z.infer<typeof ReviewFilter>

/** One report on the map: short keys, because a map tile carries up to 64 × MAX_ZOOM_CELL_POINTS of them. */
export const MapPoint = z.tuple([text(), z.number(), z.number(), z.number(), z.number()])
/** [id, lat, lng, kind index in REPORT_KINDS, status index in WORKFLOW_STATUSES] */
export type MapPoint = z.infer<typeof MapPoint>
