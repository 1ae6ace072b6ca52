// What the coordinator's hotspot routes answer, shared by the API and the device: the ranked list, one
// hotspot's profile (trend, hours, operators, reports, photos, history), chart totals and map points.
import { z } from 'zod'
import { Id, Slug } from '../ids.ts'
import { HotspotStatus, WorkflowStatus } from './workflow.ts'
import { AgreementStatus } from './agreements.ts'
import { ReportSource } from './resident.ts'

const WeekCount = z.object({ week: z.string(), count: z.number() })
const Tally = z.record(z.string(), z.number())

/** The agreement about a hotspot (one in force first), or null: a place nobody has agreed anything for yet. */
export const HotspotAgreement = z.object({ id: Id, title: z.string(), status: AgreementStatus })
export type HotspotAgreement = z.infer<typeof HotspotAgreement>

const profile = {
  id: Id,
  landmark: z.string(),
  lat: z.number(),
  lng: z.number(),
  community_id: Slug,
  status: HotspotStatus,
  score: z.number(),
  report_count: z.int(),
  sighting_count: z.int(),
  first_at: z.string(),
  last_at: z.string(),
  blocked_share: z.number().nullable(),
  vehicles_max: z.number(),
  agreement: HotspotAgreement.nullable(),
}

export const HotspotSummary = z.object({
  ...profile,
  /** Reports of this hotspot that match the filter. */
  matching: z.int(),
  /** The last eight ISO weeks with sightings. */
  trend: z.array(WeekCount),
})
export type HotspotSummary = z.infer<typeof HotspotSummary>

export const HotspotPage = z.object({ items: z.array(HotspotSummary), more: z.boolean() })
export type HotspotPage = z.infer<typeof HotspotPage>

/** A report inside a hotspot, with its place in the review workflow. */
export const HotspotReport = z.object({
  id: Id,
  kind: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  observed_at: z.string(),
  counts: Tally,
  blocked_share: z.number().nullable(),
  photos: z.array(z.string()),
  workflow_status: WorkflowStatus,
  merged_into: Id.nullable(),
  community_id: Slug,
  reporter_name: z.string(),
  /** Where the report came from: an inspector, Open311, or a resident's report the office approved. */
  source: ReportSource,
})
export type HotspotReport = z.infer<typeof HotspotReport>

export const HotspotDetail = z.object({
  ...profile,
  formed: z.boolean(),
  vehicles_mean: z.number(),
  /** 7 × 24 sightings: index (ISO weekday − 1) × 24 + hour, Beijing time. */
  hours: z.array(z.number()),
  weeks: z.array(WeekCount),
  /** ISO week → operator id → vehicles counted. */
  operators: z.record(z.string(), Tally),
  kinds: Tally,
  reports: z.array(HotspotReport),
  /** Newest first; a resident's photo merged into a report carries the resident's time and `from_resident`. */
  photos: z.array(z.object({ sha256: z.string(), report_id: Id, observed_at: z.string(), approved_for_publication: z.boolean(), from_resident: z.boolean() })),
  events: z.array(
    z.object({
      id: Id,
      from_status: z.string().nullable(),
      to_status: z.string(),
      note: z.string(),
      at: z.string(),
      actor_name: z.string().nullable(),
    }),
  ),
})
export type HotspotDetail = z.infer<typeof HotspotDetail>

/** The coordinator's filtered reports as a GeoJSON FeatureCollection ([lng, lat], WGS-84). */
export const ReportsGeoJson = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: Id,
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        observed_at: z.string(),
        community_id: Slug,
        kind: z.string(),
        address: z.string(),
        status: z.string(),
        counts: Tally,
        blocked_share: z.number().nullable(),
        clear_width_m: z.number().nullable(),
        hotspot_id: Id.nullable(),
        /** The hotspot's landmark, when the report belongs to a formed hotspot. */
        hotspot: z.string().nullable(),
      }),
    }),
  ),
})
export type ReportsGeoJson = z.infer<typeof ReportsGeoJson>

/** Totals for the charts under the review filter. */
export const HotspotTotals = z.object({ total: z.number(), kinds: Tally, statuses: Tally, operators: Tally })
export type HotspotTotals = z.infer<typeof HotspotTotals>

export const Inspector = z.object({ id: Id, display_name: z.string(), community_ids: z.array(Slug) })
export type Inspector = z.infer<typeof Inspector>

/** The answer to a write that creates a record: its id. */
export const Created = z.object({ id: Id })
