// What the zone read routes answer: a zone with its version history fields, and the residents' public
// list (subdistrict, its zones, when it was generated).
import { z } from 'zod'
import { typedObject } from '../typed.ts'
import type { PublicZone, Zone as ZoneShape } from './zones.ts'

export const Zone = typedObject<ZoneShape>()

export const PublicZones = z.object({
  subdistrict: z.object({ id: z.string(), name: z.string(), center: z.object({ lat: z.number(), lng: z.number() }) }),
  zones: z.array(typedObject<PublicZone>()),
  generated_at: z.string(),
})
export type PublicZones = z.infer<typeof PublicZones>
