// The sync engine applies patrol mutations through these two handlers: `report` (a new obstruction or
// an edit of one) and `observation` (a repeat sighting of an open report). Same zod rules as the device;
// a new one goes through the sighting service (service.ts), like an Open311 POST.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { ObservationInput, ReportMutation, type ReportInput } from '#domain/patrol/report.ts'
import { mayWriteCommunity, PATROL_WRITE_ROLES } from '#domain/patrol/rules.ts'
import { ConflictError, type EntityHandler, type NewRecord } from '../../../sync/registry.ts'
import { observationColumns, observationOf, reportColumns, reportOf } from './rows.ts'
import { addObservation, checkCounts, checkNewReport, communitiesOf, createReport, planReports, type NewSighting } from './service.ts'
import { assertPlausible, type Claim } from '../bounds.ts'
import { readTaskReferences } from '../operator-tasks/service.ts'
import { fieldProblem } from '../../../http/problem.ts'

export const PATROL_READ_ROLES = ['inspector', 'coordinator', 'admin'] as const

async function displayName(tx: Transaction<DB>, user: SessionUser, id: string): Promise<string> {
  if (id === user.id) return user.display_name
  const row = await tx.selectFrom('users').select('display_name').where('subdistrict_id', '=', user.subdistrict_id).where('id', '=', id).executeTakeFirst()
  return row?.display_name ?? ''
}

/**
 * What an edit claims: its time (checked only when changed, so an old record can still be edited) and
 * its position (checked only when moved). A new sighting is checked whole by the sighting service.
 */
function claimOf(data: { observed_at: string; position: { lat: number; lng: number } }, existing: { observed_at: string; lat: number; lng: number }): Claim {
  const timeChanged = Date.parse(existing.observed_at) !== Date.parse(data.observed_at)
  const moved = Number(existing.lat) !== data.position.lat || Number(existing.lng) !== data.position.lng
  return {
    times: timeChanged ? [{ path: 'observed_at', at: data.observed_at }] : [],
    positions: moved ? [{ path: 'position', at: data.position }] : [],
  }
}

/** Which of these report ids exist (a batch's check before the lock; exported so the bench explains this very statement). */
export const existingReports = (db: Kysely<DB> | Transaction<DB>, sd: string, ids: readonly string[]) =>
  db.selectFrom('patrol_reports').select('id').where('subdistrict_id', '=', sd).where('id', 'in', ids)

export const reportEntity: EntityHandler<ReportInput> = {
  entity: 'report',
  schema: ReportMutation,
  roles: PATROL_WRITE_ROLES,
  readRoles: PATROL_READ_ROLES,
  keepsTxMemo: true,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', m.entity_id).executeTakeFirst()
    // Permission on the stored record comes before anything of it is answered (a conflict returns it whole).
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    if (existing && user.role === 'inspector' && existing.reporter_id !== user.id) throw fieldProblem('patrol_not_reporter', '', { status: 403 })
    if (existing && m.base_version !== existing.version) {
      throw new ConflictError(reportOf(existing, await displayName(tx, user, existing.reporter_id)), existing.version)
    }
    if (!existing && m.base_version !== null) throw fieldProblem('patrol_report_unknown', '', { status: 404 })
    const data = m.data
    if (!mayWriteCommunity(user, data.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    if (!existing) return createReport(tx, { subdistrictId: sd, id: m.entity_id, data, reporter: user, at: now })
    if (!(await communitiesOf(tx, sd)).some((c) => c.id === data.community_id)) throw fieldProblem('community_unknown', 'community_id')
    await checkCounts(tx, sd, data.counts)
    await assertPlausible(tx, sd, now, claimOf(data, existing))

    const columns = reportColumns(data)
    const row = { ...existing, ...columns, updated_at: now.toISOString(), version: existing.version + 1 }
    await tx
      .updateTable('patrol_reports')
      .set({ ...columns, updated_at: row.updated_at, version: row.version })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', existing.id)
      .execute()
    return { record: reportOf(row, await displayName(tx, user, row.reporter_id)), version: row.version, community_id: row.community_id }
  },
  createMany: {
    async existing(tx, user, ids) {
      const rows = await existingReports(tx, user.subdistrict_id, ids).execute()
      return new Set(rows.map((r) => r.id))
    },
    async check(tx, user, r) {
      // As apply for a report that does not exist yet, up to createReport's own checks.
      if (!mayWriteCommunity(user, r.data.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
      await checkNewReport(tx, sighting(user, r))
      await readTaskReferences(tx, user.subdistrict_id)
    },
    plan: (user, records) =>
      planReports(
        user.subdistrict_id,
        records.map((r) => sighting(user, r)),
      ),
  },
}

const sighting = (user: SessionUser, r: NewRecord<ReportInput>): NewSighting<ReportInput> => ({
  subdistrictId: user.subdistrict_id,
  id: r.entity_id,
  data: r.data,
  reporter: user,
  at: r.now,
})

export const observationEntity: EntityHandler<ObservationInput> = {
  entity: 'observation',
  schema: ObservationInput,
  roles: PATROL_WRITE_ROLES,
  readRoles: PATROL_READ_ROLES,
  keepsTxMemo: true,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx.selectFrom('patrol_observations').selectAll().where('subdistrict_id', '=', sd).where('id', '=', m.entity_id).executeTakeFirst()
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'report_id', { status: 403 })
    if (existing && user.role === 'inspector' && existing.reporter_id !== user.id) throw fieldProblem('patrol_not_reporter', '', { status: 403 })
    if (existing && m.base_version !== existing.version) {
      throw new ConflictError(observationOf(existing, await displayName(tx, user, existing.reporter_id)), existing.version)
    }
    if (!existing && m.base_version !== null) throw fieldProblem('patrol_report_unknown', '', { status: 404 })
    const data = m.data
    const report = await tx
      .selectFrom('patrol_reports')
      .select(['id', 'community_id', 'status', 'kind', 'address', 'hotspot_id'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', data.report_id)
      .executeTakeFirst()
    if (!report) throw fieldProblem('patrol_report_unknown', 'report_id')
    if (!mayWriteCommunity(user, report.community_id)) throw fieldProblem('patrol_community_not_yours', 'report_id', { status: 403 })
    if (!existing) {
      if (report.status !== 'open') throw fieldProblem('patrol_report_closed', 'report_id', { status: 422 })
      return addObservation(tx, { subdistrictId: sd, id: m.entity_id, data, reporter: user, at: now }, report)
    }
    if (existing.report_id !== data.report_id) throw fieldProblem('patrol_report_unknown', 'report_id')
    await checkCounts(tx, sd, data.counts)
    await assertPlausible(tx, sd, now, claimOf(data, existing))

    const columns = observationColumns(data)
    const row = { ...existing, ...columns, version: existing.version + 1 }
    await tx
      .updateTable('patrol_observations')
      .set({ ...columns, version: row.version })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', existing.id)
      .execute()
    return { record: observationOf(row, await displayName(tx, user, row.reporter_id)), version: row.version, community_id: row.community_id }
  },
}
