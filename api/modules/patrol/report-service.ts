// Read side of patrol: the reports a user may see (inspectors their communities, the office the whole
// subdistrict), with sightings folded in, and the open reports near a point for "same place?".
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { SessionUser } from '../../http/context.ts'
import { boundingBox } from '../../domain/geo.ts'
import type { Observation, ReportSummary } from '../../domain/patrol/report.ts'
import { findNearby } from '../../domain/patrol/rules.ts'
import { observationOf, reportOf } from './rows.ts'

export interface ReportQuery {
  community_id?: string
  status?: 'open' | 'closed'
  mine?: boolean
  since?: string
  limit: number
}

function scoped(db: Kysely<DB>, user: SessionUser) {
  let q = db
    .selectFrom('patrol_reports as r')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'r.subdistrict_id').onRef('u.id', '=', 'r.reporter_id'))
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('patrol_observations')
          .select((o) => ['report_id', o.fn.countAll<number>().as('n'), o.fn.max('observed_at').as('last_at')])
          .where('subdistrict_id', '=', user.subdistrict_id)
          .groupBy('report_id')
          .as('o'),
      (j) => j.onRef('o.report_id', '=', 'r.id'),
    )
    .selectAll('r')
    .select(['u.display_name as reporter_name', 'o.n as observation_count', 'o.last_at as last_observed_at'])
    .where('r.subdistrict_id', '=', user.subdistrict_id)
  if (user.role === 'inspector') {
    // An inspector with no communities sees nothing rather than everything.
    q = q.where('r.community_id', 'in', user.community_ids.length ? user.community_ids : ['\u0000'])
  }
  return q
}

type Row = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number]

function summaryOf(row: Row): ReportSummary {
  const { reporter_name, observation_count, last_observed_at, ...r } = row
  const report = reportOf(r, reporter_name)
  const last = last_observed_at && String(last_observed_at) > report.observed_at ? String(last_observed_at) : report.observed_at
  return { ...report, observation_count: Number(observation_count ?? 0), last_observed_at: last }
}

export async function listReports(db: Kysely<DB>, user: SessionUser, query: ReportQuery): Promise<ReportSummary[]> {
  let q = scoped(db, user)
  if (query.community_id) q = q.where('r.community_id', '=', query.community_id)
  if (query.status) q = q.where('r.status', '=', query.status)
  if (query.mine) q = q.where('r.reporter_id', '=', user.id)
  if (query.since) q = q.where('r.updated_at', '>=', query.since)
  const rows = await q.orderBy('r.observed_at', 'desc').orderBy('r.id').limit(query.limit).execute()
  return rows.map(summaryOf)
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
  return findNearby(rows.map(summaryOf), at, radiusM)
}

export async function getReport(db: Kysely<DB>, user: SessionUser, id: string): Promise<{ report: ReportSummary; observations: Observation[] } | undefined> {
  const row = await scoped(db, user).where('r.id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const obs = await db
    .selectFrom('patrol_observations as o')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'o.subdistrict_id').onRef('u.id', '=', 'o.reporter_id'))
    .selectAll('o')
    .select('u.display_name as reporter_name')
    .where('o.subdistrict_id', '=', user.subdistrict_id)
    .where('o.report_id', '=', id)
    .orderBy('o.observed_at')
    .execute()
  return { report: summaryOf(row), observations: obs.map(({ reporter_name, ...o }) => observationOf(o, reporter_name)) }
}
