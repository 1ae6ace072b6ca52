// Read side of patrol: the reports a user may see (inspectors their communities, the office the whole
// subdistrict), with sightings folded in, and the open reports near a point for "same place?".
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { boundingBox } from '#domain/geo.ts'
import type { Observation, ReportSummary } from '#domain/patrol/report.ts'
import { findNearby } from '#domain/patrol/rules.ts'
import { observationOf, reportOf } from './rows.ts'

export interface ReportQuery {
  community_id?: string
  status?: 'open' | 'closed'
  mine?: boolean
  since?: string
  limit: number
}

function scoped(db: Kysely<DB>, user: SessionUser) {
  let q = db.selectFrom('patrol_reports as r').selectAll('r').where('r.subdistrict_id', '=', user.subdistrict_id)
  if (user.role === 'inspector') {
    // An inspector with no communities sees nothing rather than everything.
    q = q.where('r.community_id', 'in', user.community_ids.length ? user.community_ids : ['\u0000'])
  }
  return q
}

type Row = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number]

/**
 * Reporter names and sighting counts for just these reports: two keyed lookups, so a nearby or list
 * query never aggregates the whole subdistrict's observations.
 */
async function summarize(db: Kysely<DB>, user: SessionUser, rows: Row[]): Promise<ReportSummary[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const reporterIds = [...new Set(rows.map((r) => r.reporter_id))]
  const [names, stats] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name']).where('subdistrict_id', '=', user.subdistrict_id).where('id', 'in', reporterIds).execute(),
    db
      .selectFrom('patrol_observations')
      .select((o) => ['report_id', o.fn.countAll<number>().as('n'), o.fn.max('observed_at').as('last_at')])
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('report_id', 'in', ids)
      .groupBy('report_id')
      .execute(),
  ])
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]))
  const statOf = new Map(stats.map((s) => [s.report_id, s]))
  return rows.map((row) => {
    const report = reportOf(row, nameOf.get(row.reporter_id) ?? '')
    const st = statOf.get(row.id)
    const last = st?.last_at && String(st.last_at) > report.observed_at ? String(st.last_at) : report.observed_at
    return { ...report, observation_count: Number(st?.n ?? 0), last_observed_at: last }
  })
}

export async function listReports(db: Kysely<DB>, user: SessionUser, query: ReportQuery): Promise<ReportSummary[]> {
  let q = scoped(db, user)
  if (query.community_id) q = q.where('r.community_id', '=', query.community_id)
  if (query.status) q = q.where('r.status', '=', query.status)
  if (query.mine) q = q.where('r.reporter_id', '=', user.id)
  if (query.since) q = q.where('r.updated_at', '>=', query.since)
  const rows = await q.orderBy('r.observed_at', 'desc').orderBy('r.id').limit(query.limit).execute()
  return summarize(db, user, rows)
}

export async function nearbyReports(db: Kysely<DB>, user: SessionUser, at: { lat: number; lng: number }, radiusM: number) {
  const box = boundingBox(at, radiusM)
  const rows = await scoped(db, user)
    .where('r.status', '=', 'open')
    .where('r.lat', '>=', box.minLat)
    .where('r.lat', '<=', box.maxLat)
    .where('r.lng', '>=', box.minLng)
    .where('r.lng', '<=', box.maxLng)
    .limit(500)
    .execute()
  const near = findNearby(
    rows.map((r) => ({ ...r, position: { lat: r.lat, lng: r.lng } })),
    at,
    radiusM,
  )
  const summaries = new Map((await summarize(db, user, near)).map((r) => [r.id, r]))
  return near.map((r) => ({ ...summaries.get(r.id)!, distance_m: r.distance_m }))
}

export async function getReport(db: Kysely<DB>, user: SessionUser, id: string): Promise<{ report: ReportSummary; observations: Observation[] } | undefined> {
  const row = await scoped(db, user).where('r.id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const [report] = await summarize(db, user, [row])
  const obs = await db
    .selectFrom('patrol_observations as o')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'o.subdistrict_id').onRef('u.id', '=', 'o.reporter_id'))
    .selectAll('o')
    .select('u.display_name as reporter_name')
    .where('o.subdistrict_id', '=', user.subdistrict_id)
    .where('o.report_id', '=', id)
    .orderBy('o.observed_at')
    .execute()
  return { report: report!, observations: obs.map(({ reporter_name, ...o }) => observationOf(o, reporter_name)) }
}
