// Report rules that both ends apply: who may write where, which open reports count as "the same place",
// which community a position falls in, and how sightings fold into a report's picture.
import type { z } from 'zod'
import { haversineM } from '../geo.ts'
import { ReportMutation } from './report.ts'

/** Open reports within this distance are offered as "same place — add a sighting". */
export const SAME_PLACE_RADIUS_M = 50
export const MAX_NEARBY_RADIUS_M = 500

export interface PatrolScope {
  role: string
  community_ids: readonly string[]
}

/** Inspectors write only into their own communities; coordinators and admins into the whole subdistrict. */
export function mayWriteCommunity(scope: PatrolScope, communityId: string): boolean {
  if (scope.role === 'coordinator' || scope.role === 'admin') return true
  if (scope.role === 'inspector') return scope.community_ids.includes(communityId)
  return false
}

/** Reading follows the same line as writing. */
export const mayReadCommunity = mayWriteCommunity

export const PATROL_WRITE_ROLES = ['inspector', 'coordinator', 'admin'] as const

/** ReportMutation plus the caller's community scope, so the device flags a wrong community at the field. */
export function reportInputFor(scope: PatrolScope) {
  return ReportMutation.superRefine((v, ctx) => {
    if (!mayWriteCommunity(scope, v.community_id)) {
      ctx.addIssue({ code: 'custom', path: ['community_id'], message: 'patrol_community_not_yours', input: v.community_id })
    }
  })
}

export interface Located {
  id: string
  status: string
  position: { lat: number; lng: number }
}

/** Open reports within radius of a position, nearest first, each with its distance in metres. */
export function findNearby<T extends Located>(
  reports: readonly T[],
  at: { lat: number; lng: number },
  radiusM = SAME_PLACE_RADIUS_M,
): (T & { distance_m: number })[] {
  return reports
    .filter((r) => r.status === 'open')
    .map((r) => ({ ...r, distance_m: Math.round(haversineM(at, r.position) * 10) / 10 }))
    .filter((r) => r.distance_m <= radiusM)
    .sort((a, b) => a.distance_m - b.distance_m)
}

/** The nearest of the given communities' centres: the default community for a new report. */
export function nearestCommunity<C extends { id: string; center_lat: number; center_lng: number }>(
  at: { lat: number; lng: number },
  communities: readonly C[],
): C | undefined {
  let best: C | undefined
  let bestD = Infinity
  for (const c of communities) {
    const d = haversineM(at, { lat: c.center_lat, lng: c.center_lng })
    if (d < bestD) {
      bestD = d
      best = c
    }
  }
  return best
}

export function totalVehicles(counts: Record<string, number>): number {
  return Object.values(counts).reduce((s, n) => s + n, 0)
}

/** The pick closest to a share, or undefined when the value is not one of the quick picks. */
export function sharePickOf(share: number | null | undefined, picks: readonly number[]): number | undefined {
  if (share === null || share === undefined) return undefined
  return picks.find((p) => Math.abs(p - share) < 0.005)
}

/** Latest sighting wins for the report's current picture (counts, share), across report and observations. */
export function latestSighting<S extends { observed_at: string }>(report: S, observations: readonly S[]): S {
  return observations.reduce((best, o) => (o.observed_at > best.observed_at ? o : best), report)
}

/** Zod issues as {path, key} pairs: the device puts each key's translation beside its field. */
export function issueKeys(error: z.ZodError): { path: string; key: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), key: i.message }))
}
