// What the coordinator's hotspot read routes answer: the ranked list, one hotspot with its reports,
// photos and history, the chart totals, the map points page and the inspectors a re-check can go to.
import { z } from 'zod'
import { HotspotStatus, MapPoint, WorkflowStatus } from './workflow.ts'

const Counts = z.record(z.string(), z.number())
const WeekCount = z.object({ week: z.string(), count: z.number() })

const hotspotFields = {
  id: z.string(),
  landmark: z.string(),
  lat: z.number(),
  lng: z.number(),
  community_id: z.string(),
  status: HotspotStatus,
  score: z.number(),
  report_count: z.number(),
  sighting_count: z.number(),
  first_at: z.string(),
  last_at: z.string(),
  blocked_share: z.number().nullable(),
  vehicles_max: z.number(),
}

/** One row of the ranked list. */
export const HotspotItem = z.object({ ...hotspotFields, matching: z.number(), trend: z.array(WeekCount) })
export type HotspotItem = z.infer<typeof HotspotItem>

export const HotspotList = z.object({ items: z.array(HotspotItem) })
export type HotspotList = z.infer<typeof HotspotList>

/** A report inside a hotspot, with its place in the review workflow. */
export const HotspotReport = z.object({
  id: z.string(),
  kind: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  observed_at: z.string(),
  counts: Counts,
  blocked_share: z.number().nullable(),
  photos: z.array(z.string()),
  workflow_status: WorkflowStatus,
  merged_into: z.string().nullable(),
  community_id: z.string(),
  reporter_name: z.string(),
})
export type HotspotReport = z.infer<typeof HotspotReport>

export const HotspotDetail = z.object({
  ...hotspotFields,
  formed: z.boolean(),
  vehicles_mean: z.number(),
  hours: z.array(z.number()),
  weeks: z.array(WeekCount),
  operators: z.record(z.string(), Counts),
  kinds: Counts,
  reports: z.array(HotspotReport),
  photos: z.array(z.object({ sha256: z.string(), report_id: z.string(), observed_at: z.string(), approved_for_publication: z.boolean() })),
  events: z.array(
    z.object({
      id: z.string(),
      from_status: z.string().nullable(),
      to_status: z.string(),
      note: z.string(),
      at: z.string(),
      actor_name: z.string().nullable(),
    }),
  ),
})
export type HotspotDetail = z.infer<typeof HotspotDetail>

/** Totals for the charts under the review filter. */
export const HotspotSummary = z.object({ total: z.number(), kinds: Counts, statuses: Counts, operators: Counts })
export type HotspotSummary = z.infer<typeof HotspotSummary>

/** One page of map points; `next` is the cursor of the following page. */
export const MapPointsPage = z.object({ points: z.array(MapPoint), next: z.string().nullable() })
export type MapPointsPage = z.infer<typeof MapPointsPage>

export const Inspector = z.object({ id: z.string(), display_name: z.string(), community_ids: z.array(z.string()) })
export type Inspector = z.infer<typeof Inspector>

/** The answer to a write that creates a record: its id. */
export const Created = z.object({ id: z.string() })
