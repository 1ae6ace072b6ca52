// What the coordinator's hotspot routes return, shared by the API and the device: the ranked list row
// and the full profile (trend, hours, operators, reports, photos and the history of status changes).
import { z } from 'zod'
import { Id, Slug } from '../ids.ts'
import { HotspotStatus, WorkflowStatus } from './workflow.ts'

const WeekCount = z.object({ week: z.string(), count: z.number() })
const Tally = z.record(z.string(), z.number())

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
  reports: z.array(
    z.object({
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
    }),
  ),
  photos: z.array(z.object({ sha256: z.string(), report_id: Id, observed_at: z.string(), approved_for_publication: z.boolean() })),
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
