// What the before/after routes answer, shared by the API and the device: an agreement's places
// around its effective date, and a hotspot around one of its recorded changes.
import { z } from 'zod'
import { Id, Slug } from '../ids.ts'
import { BeforeAfter } from './before-after.ts'

export const AgreementBeforeAfter = z.object({
  agreement_id: Id,
  title: z.string(),
  community_id: Slug,
  effective_date: z.string(),
  hotspot_ids: z.array(Id),
  result: BeforeAfter,
})
export type AgreementBeforeAfter = z.infer<typeof AgreementBeforeAfter>

/** A change at a hotspot: a recorded status change, or a parking zone published nearby. */
export const PlaceChange = z.object({
  kind: z.enum(['status', 'zone']),
  at: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string(),
  zone_name: z.string().nullable(),
})
export type PlaceChange = z.infer<typeof PlaceChange>

export const HotspotBeforeAfter = z.object({
  hotspot_id: Id,
  landmark: z.string(),
  /** Newest first. */
  changes: z.array(PlaceChange),
  /** The change compared: the one asked for, else the newest; null when nothing changed yet. */
  change_at: z.string().nullable(),
  result: BeforeAfter.nullable(),
})
export type HotspotBeforeAfter = z.infer<typeof HotspotBeforeAfter>
