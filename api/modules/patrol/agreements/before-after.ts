// Before/after at a place: the sightings (reports and their repeat observations) of an agreement's
// places around its effective date, or of a hotspot around a status or zone change, fed to the pure
// comparison in #domain/patrol/before-after.ts.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { beforeAfter, changeInstant, BEFORE_AFTER_WEEKS } from '#domain/patrol/before-after.ts'
import type { BeforeAfterSample } from '#domain/patrol/before-after.ts'
import type { AgreementBeforeAfter, HotspotBeforeAfter, PlaceChange } from '#domain/patrol/before-after-views.ts'
import { HOTSPOT_RADIUS_M, totalOf } from '#domain/patrol/hotspots.ts'
import { boundingBox, haversineM } from '#domain/geo.ts'
import { parseJson } from '../problems.ts'

/** Reports the office set aside as duplicates or not its business are not sightings of the place. */
const SET_ASIDE = ['duplicate', 'not_ours']
/** A published parking zone this close to a hotspot counts as a change at the hotspot. */
export const ZONE_NEAR_M = 150
const DAY_MS = 86_400_000

interface Places {
  hotspotIds: readonly string[]
  reportIds: readonly string[]
  near: { lat: number; lng: number } | null
}

/** The comparison window with a day of margin each side; the pure function trims it exactly. */
function windowAround(changeAt: string, weeks: number) {
  const t = changeInstant(changeAt)
  return { from: new Date(t - (weeks + 1) * 7 * DAY_MS - DAY_MS).toISOString(), to: new Date(t + (weeks + 1) * 7 * DAY_MS + DAY_MS).toISOString() }
}

async function placeSamples(db: Kysely<DB>, sd: string, places: Places, window: { from: string; to: string }): Promise<BeforeAfterSample[]> {
  const box = places.near ? boundingBox(places.near, HOTSPOT_RADIUS_M) : null
  if (!places.hotspotIds.length && !places.reportIds.length && !box) return []
  const reports = await db
    .selectFrom('patrol_reports')
    .select(['id', 'lat', 'lng', 'hotspot_id', 'observed_at', 'counts', 'blocked_share'])
    .where('subdistrict_id', '=', sd)
    .where('workflow_status', 'not in', SET_ASIDE)
    .where((eb) =>
      eb.or([
        ...(places.hotspotIds.length ? [eb('hotspot_id', 'in', [...places.hotspotIds])] : []),
        ...(places.reportIds.length ? [eb('id', 'in', [...places.reportIds])] : []),
        ...(box ? [eb.and([eb('lat', '>=', box.minLat), eb('lat', '<=', box.maxLat), eb('lng', '>=', box.minLng), eb('lng', '<=', box.maxLng)])] : []),
      ]),
    )
    .execute()
  const linked = new Set(places.hotspotIds)
  const listed = new Set(places.reportIds)
  const atPlace = reports.filter(
    (r) => (r.hotspot_id !== null && linked.has(r.hotspot_id)) || listed.has(r.id) || (places.near !== null && haversineM(places.near, r) <= HOTSPOT_RADIUS_M),
  )
  const sample = (r: { observed_at: string; counts: string; blocked_share: number | null }): BeforeAfterSample => ({
    observed_at: r.observed_at,
    blocked_share: r.blocked_share === null ? null : Number(r.blocked_share),
    vehicles: totalOf(parseJson<Record<string, number>>(r.counts, {})),
  })
  const inWindow = (r: { observed_at: string }) => r.observed_at >= window.from && r.observed_at < window.to
  const ids = atPlace.map((r) => r.id)
  const observations: { observed_at: string; counts: string; blocked_share: number | null }[] = []
  for (let i = 0; i < ids.length; i += 500) {
    observations.push(
      ...(await db
        .selectFrom('patrol_observations')
        .select(['observed_at', 'counts', 'blocked_share'])
        .where('subdistrict_id', '=', sd)
        .where('report_id', 'in', ids.slice(i, i + 500))
        .where('observed_at', '>=', window.from)
        .where('observed_at', '<', window.to)
        .execute()),
    )
  }
  return [...atPlace.filter(inWindow), ...observations].map(sample)
}

/** An agreement's places (its hotspots, its reports and its location) before and after its effective date. */
export async function agreementBeforeAfter(
  db: Kysely<DB>,
  subdistrictId: string,
  agreementId: string,
  weeks: number = BEFORE_AFTER_WEEKS.default,
): Promise<AgreementBeforeAfter | undefined> {
  const row = await db
    .selectFrom('patrol_agreements')
    .select(['id', 'title', 'community_id', 'status', 'effective_date', 'hotspot_ids', 'report_ids', 'lat', 'lng'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('id', '=', agreementId)
    .executeTakeFirst()
  if (!row) return undefined
  const places: Places = {
    hotspotIds: parseJson<string[]>(row.hotspot_ids, []),
    reportIds: parseJson<string[]>(row.report_ids, []),
    near: { lat: Number(row.lat), lng: Number(row.lng) },
  }
  const samples = await placeSamples(db, subdistrictId, places, windowAround(row.effective_date, weeks))
  return {
    agreement_id: row.id,
    title: row.title,
    community_id: row.community_id,
    effective_date: row.effective_date,
    hotspot_ids: [...places.hotspotIds],
    result: beforeAfter(samples, row.effective_date, { weeks }),
  }
}

/** Status changes recorded for a hotspot and parking zones published near it, newest first. */
async function hotspotChanges(db: Kysely<DB>, sd: string, hotspot: { id: string; lat: number; lng: number }): Promise<PlaceChange[]> {
  const events = await db
    .selectFrom('patrol_review_events')
    .select(['at', 'from_status', 'to_status'])
    .where('subdistrict_id', '=', sd)
    .where('target', '=', 'hotspot')
    .where('target_id', '=', hotspot.id)
    .execute()
  const box = boundingBox(hotspot, ZONE_NEAR_M)
  const zones = await db
    .selectFrom('patrol_zones')
    .select(['name', 'status', 'published_at', 'center_lat', 'center_lng'])
    .where('subdistrict_id', '=', sd)
    .where('published_at', 'is not', null)
    .where('center_lat', '>=', box.minLat)
    .where('center_lat', '<=', box.maxLat)
    .where('center_lng', '>=', box.minLng)
    .where('center_lng', '<=', box.maxLng)
    .execute()
  const changes: PlaceChange[] = [
    ...events.map((e) => ({ kind: 'status' as const, at: e.at, from_status: e.from_status, to_status: e.to_status, zone_name: null })),
    ...zones
      .filter((z) => haversineM(hotspot, { lat: Number(z.center_lat), lng: Number(z.center_lng) }) <= ZONE_NEAR_M)
      .map((z) => ({ kind: 'zone' as const, at: z.published_at!, from_status: null, to_status: z.status, zone_name: z.name })),
  ]
  return changes.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
}

/**
 * A hotspot's sightings around `changeAt`, or around its latest recorded change (status or nearby
 * zone) when none is given; `result` is null when nothing has changed there yet.
 */
export async function hotspotBeforeAfter(
  db: Kysely<DB>,
  subdistrictId: string,
  hotspotId: string,
  changeAt: string | undefined,
  weeks: number = BEFORE_AFTER_WEEKS.default,
): Promise<HotspotBeforeAfter | undefined> {
  const h = await db
    .selectFrom('patrol_hotspots')
    .select(['id', 'landmark', 'lat', 'lng', 'status'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('id', '=', hotspotId)
    .executeTakeFirst()
  if (!h) return undefined
  const hotspot = { id: h.id, lat: Number(h.lat), lng: Number(h.lng) }
  const changes = await hotspotChanges(db, subdistrictId, hotspot)
  const at = changeAt ?? changes[0]?.at ?? null
  const base = { hotspot_id: h.id, landmark: h.landmark, changes, change_at: at === null ? null : new Date(changeInstant(at)).toISOString() }
  if (at === null) return { ...base, result: null }
  const samples = await placeSamples(db, subdistrictId, { hotspotIds: [h.id], reportIds: [], near: null }, windowAround(at, weeks))
  return { ...base, result: beforeAfter(samples, at, { weeks }) }
}
