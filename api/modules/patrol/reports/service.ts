// A new sighting, from any source (a device's push, an Open311 POST): the report or repeat sighting row,
// its hotspot step and the re-checks it answers, in the caller's transaction. One path, so every source
// gets the same checks and the same hotspot.
import type { Kysely, Transaction } from 'kysely'
import { haversineM } from '#domain/geo.ts'
import { nearestCommunity } from '#domain/patrol/rules.ts'
import type { DB } from '../../../db/schema.ts'
import { conflict, fieldProblem, fieldsProblem } from '../../../http/problem.ts'
import type { ObservationInput, ReportInput } from '#domain/patrol/report.ts'
import type { ReportSource } from '#domain/patrol/resident.ts'
import { knownOperatorIds } from '../operators/service.ts'
import { foldReportSightingsAhead, ingestReportSightings, ingestSighting, type SightingsLanded } from '../hotspots/service.ts'
import { observationSighting, reportSighting } from '../hotspots/sightings.ts'
import { closeRechecksBy } from '../rechecks/service.ts'
import { tasksForNewReports, tasksForSighting } from '../operator-tasks/service.ts'
import { observationColumns, observationOf, reportColumns, reportOf } from './rows.ts'
import { assertPlausible, type Claim } from '../bounds.ts'
import { txMemo } from '../../../db/tx-memo.ts'
import type { BatchPlan } from '../../../sync/registry.ts'

/** Who files a sighting: a signed-in inspector, or the admin an Open311 key acts for. */
export interface Reporter {
  id: string
  display_name: string
}

export interface NewSighting<T> {
  subdistrictId: string
  id: string
  data: T
  reporter: Reporter
  /** The server clock: received_at, and the instant of the hotspot step. */
  at: Date
}

/** How a report came in other than from an inspector's device: Open311 (perhaps without a position), or a resident's report the office approved. */
export interface Intake {
  /** The position is a placeholder: no position check, no hotspot until `placeReport` sets a real one. */
  unplaced: boolean
  media_urls: string[]
  /** Where it came from (default `inspector`), kept on the report and shown to coordinators. */
  source?: ReportSource
}

/** A position farther than this from every community centre is outside the subdistrict's communities. */
export const MAX_COMMUNITY_DISTANCE_M = 3000

/** The subdistrict's communities with their centres (kept for the rest of a push's transaction). */
export function communitiesOf(db: Kysely<DB> | Transaction<DB>, sd: string) {
  return txMemo(db, `communities:${sd}`, () =>
    db.selectFrom('communities').select(['id', 'center_lat', 'center_lng']).where('subdistrict_id', '=', sd).execute(),
  )
}

/** The community a position belongs to (the nearest centre), or undefined when it is near none of them. */
export async function communityAt(db: Kysely<DB> | Transaction<DB>, sd: string, at: { lat: number; lng: number }) {
  const communities = await communitiesOf(db, sd)
  const community = nearestCommunity(at, communities)
  if (!community || haversineM(at, { lat: community.center_lat, lng: community.center_lng }) > MAX_COMMUNITY_DISTANCE_M) return undefined
  return community
}

/** A new sighting's time must fall in the server's window and its position inside the subdistrict. */
function newClaim(data: { observed_at: string; position: { lat: number; lng: number } }): Claim {
  return { times: [{ path: 'observed_at', at: data.observed_at }], positions: [{ path: 'position', at: data.position }] }
}

/** Every counted operator must be one of the subdistrict's. */
export async function checkCounts(tx: Transaction<DB>, sd: string, counts: Record<string, number>): Promise<void> {
  const known = await knownOperatorIds(tx, sd)
  const unknown = Object.keys(counts).filter((k) => !known.has(k))
  if (unknown.length)
    throw fieldsProblem(
      unknown.map((k) => ({ path: `counts.${k}`, key: 'patrol_operator_unknown' })),
      { detail: 'patrol_operator_unknown' },
    )
}

/** Every check of a new report (reads only): its community, its counted operators, its time and position. */
export async function checkNewReport(tx: Transaction<DB>, s: NewSighting<ReportInput>, unplaced = false): Promise<void> {
  const sd = s.subdistrictId
  if (!(await communitiesOf(tx, sd)).some((c) => c.id === s.data.community_id)) throw fieldProblem('community_unknown', 'community_id')
  await checkCounts(tx, sd, s.data.counts)
  const claim = newClaim(s.data)
  await assertPlausible(tx, sd, s.at, unplaced ? { ...claim, positions: [] } : claim)
}

/** Rows per multi-row INSERT: far below SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 100

/** A new placed report row as a device's report is stored, in its hotspot. */
export function newReportRow(s: NewSighting<ReportInput>, columns: ReturnType<typeof reportColumns>, hotspotId: string) {
  const at = s.at.toISOString()
  return {
    subdistrict_id: s.subdistrictId,
    id: s.id,
    ...columns,
    reporter_id: s.reporter.id,
    received_at: at,
    updated_at: at,
    status: 'open',
    version: 1,
    hotspot_id: hotspotId,
    needs_position: 0,
    media_urls: '[]',
    source: 'inspector',
  }
}

/** The insert of new report rows (at most 100: far below both databases' bound-parameter limits). */
export const reportInsert = (db: Kysely<DB> | Transaction<DB>, rows: ReturnType<typeof newReportRow>[]) => db.insertInto('patrol_reports').values(rows)

/**
 * New placed reports from inspectors' devices, each already checked by checkNewReport: their records as
 * createReport would answer them, known before anything is written, and `write`, to call under the
 * counter lock: it folds them into the hotspots in order (reading the sites near them) and answers the
 * statements createReport would send one report after another, as a few multi-row writes (the sites,
 * every report row, every operator task), and what must follow them (the tasks' deliveries). On
 * PostgreSQL `writeAhead` does the same before the lock, with the guard that checks under it that the
 * sites it folded into are unchanged.
 */
export function planReports(sd: string, list: NewSighting<ReportInput>[]): BatchPlan {
  const columns = list.map((s) => reportColumns(s.data))
  const results = list.map((s, i) => {
    const at = s.at.toISOString()
    const row = { subdistrict_id: sd, id: s.id, ...columns[i]!, reporter_id: s.reporter.id, received_at: at, updated_at: at, status: 'open', version: 1 }
    return { record: reportOf(row, s.reporter.display_name), version: 1, community_id: row.community_id }
  })
  const sightings = list.map((s, i) => ({ sighting: reportSighting({ id: s.id, ...columns[i]! }), at: s.at }))
  /** The reports in the sites they landed in and their operator tasks, after the hotspot writes. */
  async function writesFor(tx: Transaction<DB>, landed: SightingsLanded) {
    const stored = list.map((s, i) => newReportRow(s, columns[i]!, landed.current(landed.sites[i]!)))
    const writes = [...landed.writes]
    for (let i = 0; i < stored.length; i += ROWS_PER_INSERT) writes.push(reportInsert(tx, stored.slice(i, i + ROWS_PER_INSERT)))
    const tasks = await tasksForNewReports(
      tx,
      list.map((s, i) => ({
        subdistrictId: sd,
        report: { id: s.id, community_id: s.data.community_id, hotspot_id: landed.sites[i]! },
        sighting_id: s.id,
        counts: s.data.counts,
        repeat: false,
        at: s.at,
      })),
    )
    return { writes: [...writes, ...tasks.writes], after: tasks.after }
  }
  return {
    results,
    write: async (tx) => writesFor(tx, await ingestReportSightings(tx, sd, sightings)),
    async writeAhead(tx) {
      const landed = await foldReportSightingsAhead(tx, sd, sightings)
      return { ...(await writesFor(tx, landed)), guard: landed.guard }
    },
  }
}

/**
 * A new report: checked, folded into its hotspot, and written with that hotspot's id. An unplaced one
 * (Open311 with only an address) is written flagged, outside every hotspot, until it is placed.
 */
export async function createReport(tx: Transaction<DB>, s: NewSighting<ReportInput>, intake?: Intake) {
  const sd = s.subdistrictId
  const unplaced = intake?.unplaced ?? false
  await checkNewReport(tx, s, unplaced)
  const columns = reportColumns(s.data)
  const hotspotId = unplaced ? null : await ingestSighting(tx, sd, reportSighting({ id: s.id, ...columns }), s.at, null)
  const at = s.at.toISOString()
  const row = { subdistrict_id: sd, id: s.id, ...columns, reporter_id: s.reporter.id, received_at: at, updated_at: at, status: 'open', version: 1 }
  await tx
    .insertInto('patrol_reports')
    .values({
      ...row,
      hotspot_id: hotspotId,
      needs_position: unplaced ? 1 : 0,
      media_urls: JSON.stringify(intake?.media_urls ?? []),
      source: intake?.source ?? 'inspector',
    })
    .execute()
  // Operators whose vehicles were counted get a task, whatever the report's source.
  await tasksForSighting(tx, {
    subdistrictId: sd,
    report: { id: s.id, community_id: row.community_id, hotspot_id: hotspotId },
    sighting_id: s.id,
    counts: s.data.counts,
    repeat: false,
    at: s.at,
  })
  return { record: reportOf(row, s.reporter.display_name), version: 1, community_id: row.community_id }
}

/**
 * Places a report that came without a position: the real position and its community, the position
 * check and the hotspot step a placed report had at creation. The caller holds the change-log lock.
 */
export async function placeReport(
  tx: Transaction<DB>,
  s: { subdistrictId: string; id: string; position: { lat: number; lng: number }; community_id: string; at: Date },
) {
  const sd = s.subdistrictId
  const row = await tx.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', s.id).executeTakeFirst()
  if (!row) return undefined
  if (row.needs_position !== 1) throw conflict('patrol_report_placed')
  await assertPlausible(tx, sd, s.at, { times: [], positions: [{ path: 'position', at: s.position }] })
  const placed = { ...row, lat: s.position.lat, lng: s.position.lng, accuracy_m: 0, position_source: 'map', community_id: s.community_id }
  const hotspotId = await ingestSighting(tx, sd, reportSighting(placed), s.at, null)
  const updated_at = s.at.toISOString()
  const version = row.version + 1
  await tx
    .updateTable('patrol_reports')
    .set({
      lat: placed.lat,
      lng: placed.lng,
      accuracy_m: 0,
      position_source: 'map',
      community_id: s.community_id,
      hotspot_id: hotspotId,
      needs_position: 0,
      updated_at,
      version,
    })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', s.id)
    .execute()
  await tx
    .updateTable('patrol_operator_tasks')
    .set({ hotspot_id: hotspotId, community_id: s.community_id })
    .where('subdistrict_id', '=', sd)
    .where('report_id', '=', s.id)
    .execute()
  return { before: row, after: { ...placed, hotspot_id: hotspotId, needs_position: 0, updated_at, version } }
}

/** A repeat sighting of an open report: written, folded into the report's hotspot, and closing the reporter's re-checks there. */
export async function addObservation(
  tx: Transaction<DB>,
  s: NewSighting<ObservationInput>,
  report: { community_id: string; kind: string; address: string; hotspot_id: string | null },
) {
  const sd = s.subdistrictId
  await checkCounts(tx, sd, s.data.counts)
  await assertPlausible(tx, sd, s.at, newClaim(s.data))
  const row = {
    subdistrict_id: sd,
    id: s.id,
    ...observationColumns(s.data),
    community_id: report.community_id,
    reporter_id: s.reporter.id,
    received_at: s.at.toISOString(),
    version: 1,
  }
  await tx.insertInto('patrol_observations').values(row).execute()
  await ingestSighting(tx, sd, observationSighting(row, report), s.at, report.hotspot_id)
  await closeRechecksBy(tx, sd, { report_id: row.report_id, observation_id: row.id, user_id: s.reporter.id, at: s.at })
  // A repeat sighting confirms or reopens operators' clearings there, and opens tasks for newly counted vehicles.
  await tasksForSighting(tx, {
    subdistrictId: sd,
    report: { id: row.report_id, community_id: report.community_id, hotspot_id: report.hotspot_id },
    sighting_id: row.id,
    counts: s.data.counts,
    repeat: true,
    at: s.at,
  })
  return { record: observationOf(row, s.reporter.display_name), version: 1, community_id: row.community_id }
}
