// A new sighting, from any source (a device's push, an Open311 POST): the report or repeat sighting row,
// its hotspot step and the re-checks it answers, in the caller's transaction. One path, so every source
// gets the same checks and the same hotspot.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { fieldProblem, fieldsProblem } from '../../../http/problem.ts'
import type { ObservationInput, ReportInput } from '#domain/patrol/report.ts'
import { knownOperatorIds } from '../operators/service.ts'
import { ingestSighting } from '../hotspots/service.ts'
import { observationSighting, reportSighting } from '../hotspots/sightings.ts'
import { closeRechecksBy } from '../rechecks/service.ts'
import { observationColumns, observationOf, reportColumns, reportOf } from './rows.ts'
import { assertPlausible, type Claim } from '../bounds.ts'

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

/** A new report: checked, folded into its hotspot, and written with that hotspot's id. */
export async function createReport(tx: Transaction<DB>, s: NewSighting<ReportInput>) {
  const sd = s.subdistrictId
  const community = await tx.selectFrom('communities').select('id').where('subdistrict_id', '=', sd).where('id', '=', s.data.community_id).executeTakeFirst()
  if (!community) throw fieldProblem('community_unknown', 'community_id')
  await checkCounts(tx, sd, s.data.counts)
  await assertPlausible(tx, sd, s.at, newClaim(s.data))
  const columns = reportColumns(s.data)
  const hotspotId = await ingestSighting(tx, sd, reportSighting({ id: s.id, ...columns }), s.at, null)
  const at = s.at.toISOString()
  const row = { subdistrict_id: sd, id: s.id, ...columns, reporter_id: s.reporter.id, received_at: at, updated_at: at, status: 'open', version: 1 }
  await tx
    .insertInto('patrol_reports')
    .values({ ...row, hotspot_id: hotspotId })
    .execute()
  return { record: reportOf(row, s.reporter.display_name), version: 1, community_id: row.community_id }
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
  return { record: observationOf(row, s.reporter.display_name), version: 1, community_id: row.community_id }
}
