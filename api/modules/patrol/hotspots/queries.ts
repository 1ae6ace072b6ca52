// Read side of the coordinator's view: the ranked hotspot list under the map's filter, the filter's
// totals, and one hotspot with everything about it. The map itself is tiles (tiles.ts).
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { meanBlockedShare, scoreAt } from '#domain/patrol/hotspots.ts'
import { type HotspotStatus, type ReviewFilter, type WorkflowStatus } from '#domain/patrol/workflow.ts'
import { inForce, type AgreementStatus } from '#domain/patrol/agreements.ts'
import type { HotspotAgreement } from '#domain/patrol/hotspot-views.ts'
import type { ReportSource } from '#domain/patrol/resident.ts'
import { filteredReports } from './filter.ts'
import { siteOf } from './service.ts'

/** Agreements not ended, by the hotspots they link: one in force before a draft. */
async function agreementsByHotspot(db: Kysely<DB>, sd: string): Promise<Map<string, HotspotAgreement>> {
  const rows = await db
    .selectFrom('patrol_agreements')
    .select(['id', 'title', 'status', 'hotspot_ids'])
    .where('subdistrict_id', '=', sd)
    .where('status', '!=', 'ended')
    .orderBy('id')
    .execute()
  const by = new Map<string, HotspotAgreement>()
  for (const a of rows) {
    const status = a.status as AgreementStatus
    for (const h of JSON.parse(a.hotspot_ids) as string[]) {
      const held = by.get(h)
      if (!held || (!inForce(held.status) && inForce(status))) by.set(h, { id: a.id, title: a.title, status })
    }
  }
  return by
}

export interface HotspotListQuery {
  filter: ReviewFilter
  hotspot_status?: HotspotStatus[]
  /** `none`: only hotspots no agreement (in force or in draft) is about. */
  agreement?: 'none'
  limit: number
  offset: number
}

const lastWeeks = (weeks: Record<string, number>, n = 8) =>
  Object.entries(weeks)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(-n)
    .map(([week, count]) => ({ week, count }))

export async function listHotspots(db: Kysely<DB>, sd: string, q: HotspotListQuery, now: Date) {
  const matching = filteredReports(db, sd, q.filter)
    .select((eb) => ['r.hotspot_id', eb.fn.countAll<number>().as('n')])
    .where('r.hotspot_id', 'is not', null)
    .groupBy('r.hotspot_id')
  let hq = db
    .selectFrom('patrol_hotspots as h')
    .innerJoin(matching.as('m'), 'm.hotspot_id', 'h.id')
    .selectAll('h')
    .select('m.n as matching')
    .where('h.subdistrict_id', '=', sd)
    .where('h.formed', '=', 1)
  if (q.hotspot_status?.length) hq = hq.where('h.status', 'in', q.hotspot_status)
  const agreements = await agreementsByHotspot(db, sd)
  if (q.agreement === 'none' && agreements.size) hq = hq.where('h.id', 'not in', [...agreements.keys()])
  const rows = await hq
    .orderBy('h.score_log', 'desc')
    .orderBy('h.id')
    .limit(q.limit + 1)
    .offset(q.offset)
    .execute()
  const more = rows.length > q.limit
  return {
    items: rows.slice(0, q.limit).map((row) => {
      const s = siteOf(row)
      return {
        id: s.id,
        landmark: s.landmark,
        lat: s.lat,
        lng: s.lng,
        community_id: s.community_id,
        status: row.status as HotspotStatus,
        score: Math.round(scoreAt(s.score_log, now) * 100) / 100,
        report_count: s.report_count,
        sighting_count: s.sighting_count,
        matching: Number(row.matching),
        first_at: s.first_at,
        last_at: s.last_at,
        blocked_share: meanBlockedShare(s),
        vehicles_max: s.vehicles_max,
        agreement: agreements.get(s.id) ?? null,
        trend: lastWeeks(s.weeks),
      }
    }),
    more,
  }
}

export async function hotspotDetail(db: Kysely<DB>, sd: string, id: string, now: Date) {
  const row = await db.selectFrom('patrol_hotspots').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const s = siteOf(row)
  const reports = await db
    .selectFrom('patrol_reports as r')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'r.subdistrict_id').onRef('u.id', '=', 'r.reporter_id'))
    .select([
      'r.id',
      'r.kind',
      'r.address',
      'r.lat',
      'r.lng',
      'r.observed_at',
      'r.counts',
      'r.blocked_share',
      'r.photos',
      'r.workflow_status',
      'r.merged_into',
      'r.community_id',
      'r.source',
      'u.display_name as reporter_name',
    ])
    .where('r.subdistrict_id', '=', sd)
    .where('r.hotspot_id', '=', id)
    .orderBy('r.observed_at', 'desc')
    .execute()
  const ids = reports.map((r) => r.id)
  const obs = ids.length
    ? await db
        .selectFrom('patrol_observations')
        .select(['id', 'report_id', 'observed_at', 'photos'])
        .where('subdistrict_id', '=', sd)
        .where('report_id', 'in', ids)
        .execute()
    : []
  // Residents' photos merged into these reports: shown at the time the resident took them.
  const merged = ids.length
    ? await db
        .selectFrom('resident_reports')
        .select(['merged_report_id', 'photo_hash', 'observed_at'])
        .where('subdistrict_id', '=', sd)
        .where('merged_report_id', 'in', ids)
        .where('photo_hash', 'is not', null)
        .execute()
    : []
  const residentTaken = new Map(merged.map((m) => [`${m.merged_report_id}:${m.photo_hash}`, m.observed_at]))
  const taken = [
    ...reports.map((r) => ({ report_id: r.id, observed_at: r.observed_at, photos: r.photos, of_report: true })),
    ...obs.map((o) => ({ report_id: o.report_id, observed_at: o.observed_at, photos: o.photos, of_report: false })),
  ]
    .flatMap((p) =>
      (JSON.parse(p.photos) as string[]).map((sha256) => {
        const resident = p.of_report ? residentTaken.get(`${p.report_id}:${sha256}`) : undefined
        return { sha256, report_id: p.report_id, observed_at: resident ?? p.observed_at, from_resident: resident !== undefined }
      }),
    )
    .sort((a, b) => (a.observed_at < b.observed_at ? 1 : -1))
  const hashes = [...new Set(taken.map((p) => p.sha256))]
  const approved = new Set(
    hashes.length
      ? (await db.selectFrom('patrol_photo_publication').select('sha256').where('subdistrict_id', '=', sd).where('sha256', 'in', hashes).execute()).map(
          (p) => p.sha256,
        )
      : [],
  )
  const photos = taken.map((p) => ({ ...p, approved_for_publication: approved.has(p.sha256) }))
  const events = await db
    .selectFrom('patrol_review_events as e')
    .leftJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'e.subdistrict_id').onRef('u.id', '=', 'e.actor_id'))
    .select(['e.id', 'e.from_status', 'e.to_status', 'e.note', 'e.at', 'u.display_name as actor_name'])
    .where('e.subdistrict_id', '=', sd)
    .where('e.target', '=', 'hotspot')
    .where('e.target_id', '=', id)
    .orderBy('e.at', 'desc')
    .execute()
  return {
    id: s.id,
    landmark: s.landmark,
    lat: s.lat,
    lng: s.lng,
    community_id: s.community_id,
    status: row.status as HotspotStatus,
    formed: s.formed,
    score: Math.round(scoreAt(s.score_log, now) * 100) / 100,
    report_count: s.report_count,
    sighting_count: s.sighting_count,
    first_at: s.first_at,
    last_at: s.last_at,
    blocked_share: meanBlockedShare(s),
    vehicles_max: s.vehicles_max,
    agreement: (await agreementsByHotspot(db, sd)).get(s.id) ?? null,
    vehicles_mean: s.sighting_count ? Math.round((s.vehicles_sum / s.sighting_count) * 10) / 10 : 0,
    hours: s.hours,
    weeks: lastWeeks(s.weeks, 12),
    operators: s.operators,
    kinds: s.kinds,
    reports: reports.map((r) => ({
      ...r,
      source: r.source as ReportSource,
      workflow_status: r.workflow_status as WorkflowStatus,
      counts: JSON.parse(r.counts) as Record<string, number>,
      photos: JSON.parse(r.photos) as string[],
    })),
    photos,
    events,
  }
}

/** Reports read for the operator totals (their counts are JSON, tallied here). */
const OPERATOR_TALLY_MAX = 50_000

/** Totals of the filtered reports for the charts beside the map: per kind, per status, per operator. */
export async function filterSummary(db: Kysely<DB>, sd: string, f: ReviewFilter) {
  const byKind = await filteredReports(db, sd, f)
    .select((eb) => ['r.kind', eb.fn.countAll<number>().as('n')])
    .groupBy('r.kind')
    .execute()
  const byStatus = await filteredReports(db, sd, f)
    .select((eb) => ['r.workflow_status', eb.fn.countAll<number>().as('n')])
    .groupBy('r.workflow_status')
    .execute()
  const operators: Record<string, number> = {}
  const counts = await filteredReports(db, sd, f).select('r.counts').limit(OPERATOR_TALLY_MAX).execute()
  for (const c of counts)
    for (const [op, n] of Object.entries(JSON.parse(c.counts) as Record<string, number>)) if (n > 0) operators[op] = (operators[op] ?? 0) + 1
  return {
    total: byKind.reduce((s, k) => s + Number(k.n), 0),
    kinds: Object.fromEntries(byKind.map((k) => [k.kind, Number(k.n)])),
    statuses: Object.fromEntries(byStatus.map((k) => [k.workflow_status, Number(k.n)])),
    operators,
  }
}
