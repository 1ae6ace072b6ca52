// Patrol rows as hotspot sightings: the one translation used by the incremental hook, the seed and
// the full recompute, so all three feed the rule exactly the same facts.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Sighting } from '#domain/patrol/hotspots.ts'
import { recomputeSites } from '#domain/patrol/hotspots.ts'

const parseCounts = (text: string): Record<string, number> => {
  try {
    return JSON.parse(text) as Record<string, number>
  } catch {
    return {}
  }
}

interface ReportLike {
  id: string
  lat: number
  lng: number
  observed_at: string
  counts: string
  blocked_share: number | null
  kind: string
  community_id: string
  address: string
}

export function reportSighting(r: ReportLike): Sighting {
  return {
    id: r.id,
    report_id: r.id,
    is_report: true,
    lat: r.lat,
    lng: r.lng,
    observed_at: r.observed_at,
    counts: parseCounts(r.counts),
    blocked_share: r.blocked_share,
    kind: r.kind,
    community_id: r.community_id,
    address: r.address,
  }
}

export function observationSighting(
  o: { id: string; report_id: string; lat: number; lng: number; observed_at: string; counts: string; blocked_share: number | null; community_id: string },
  report: { kind: string; address: string },
): Sighting {
  return {
    id: o.id,
    report_id: o.report_id,
    is_report: false,
    lat: o.lat,
    lng: o.lng,
    observed_at: o.observed_at,
    counts: parseCounts(o.counts),
    blocked_share: o.blocked_share,
    kind: report.kind,
    community_id: o.community_id,
    address: report.address,
  }
}

/** Every sighting of a subdistrict in arrival order (received_at, then id): the order the hook saw them. */
export async function allSightings(db: Kysely<DB>, sd: string): Promise<Sighting[]> {
  const reports = await db
    .selectFrom('patrol_reports')
    .select(['id', 'lat', 'lng', 'observed_at', 'received_at', 'counts', 'blocked_share', 'kind', 'community_id', 'address'])
    .where('subdistrict_id', '=', sd)
    .execute()
  const byId = new Map(reports.map((r) => [r.id, r]))
  const obs = await db
    .selectFrom('patrol_observations')
    .select(['id', 'report_id', 'lat', 'lng', 'observed_at', 'received_at', 'counts', 'blocked_share', 'community_id'])
    .where('subdistrict_id', '=', sd)
    .execute()
  const items = [
    ...reports.map((r) => ({ key: r.received_at, id: r.id, s: reportSighting(r) })),
    ...obs.flatMap((o) => {
      const r = byId.get(o.report_id)
      return r ? [{ key: o.received_at, id: o.id, s: observationSighting(o, r) }] : []
    }),
  ]
  items.sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : a.key < b.key ? -1 : 1))
  return items.map((i) => i.s)
}

/** The full recompute (for checks and repair): the same rule over every sighting. */
export async function recomputeHotspots(db: Kysely<DB>, sd: string) {
  let n = 0
  return recomputeSites(await allSightings(db, sd), () => `recompute-${++n}`)
}
