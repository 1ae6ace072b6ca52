// The sync engine applies patrol mutations through these two handlers: `report` (a new obstruction or
// an edit of one) and `observation` (a repeat sighting of an open report). Same zod rules as the device.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem, fieldsProblem } from '../../../http/problem.ts'
import { ObservationInput, ReportInput } from '#domain/patrol/report.ts'
import { mayWriteCommunity, PATROL_WRITE_ROLES } from '#domain/patrol/rules.ts'
import { ConflictError, type EntityHandler } from '../../../sync/registry.ts'
import { observationColumns, observationOf, reportColumns, reportOf } from './rows.ts'
import { knownOperatorIds } from '../operators/service.ts'

export const PATROL_READ_ROLES = ['inspector', 'coordinator', 'admin'] as const

async function displayName(tx: Transaction<DB>, user: SessionUser, id: string): Promise<string> {
  if (id === user.id) return user.display_name
  const row = await tx.selectFrom('users').select('display_name').where('subdistrict_id', '=', user.subdistrict_id).where('id', '=', id).executeTakeFirst()
  return row?.display_name ?? ''
}

async function checkSighting(tx: Transaction<DB>, user: SessionUser, counts: Record<string, number>) {
  const known = await knownOperatorIds(tx, user.subdistrict_id)
  const unknown = Object.keys(counts).filter((k) => !known.has(k))
  if (unknown.length)
    throw fieldsProblem(
      unknown.map((k) => ({ path: `counts.${k}`, key: 'patrol_operator_unknown' })),
      { detail: 'patrol_operator_unknown' },
    )
}

export const reportEntity: EntityHandler<ReportInput> = {
  entity: 'report',
  schema: ReportInput,
  roles: PATROL_WRITE_ROLES,
  readRoles: PATROL_READ_ROLES,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', m.entity_id).executeTakeFirst()
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    if (existing && m.base_version !== existing.version) {
      throw new ConflictError(reportOf(existing, await displayName(tx, user, existing.reporter_id)), existing.version)
    }
    if (!existing && m.base_version !== null) throw fieldProblem('patrol_report_unknown', '', { status: 404 })
    const data = m.data
    if (!mayWriteCommunity(user, data.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    const community = await tx.selectFrom('communities').select('id').where('subdistrict_id', '=', sd).where('id', '=', data.community_id).executeTakeFirst()
    if (!community) throw fieldProblem('community_unknown', 'community_id')
    if (existing && user.role === 'inspector' && existing.reporter_id !== user.id) throw fieldProblem('patrol_not_reporter', '', { status: 403 })
    await checkSighting(tx, user, data.counts)

    const at = now.toISOString()
    const columns = reportColumns(data)
    let row
    if (existing) {
      row = { ...existing, ...columns, updated_at: at, version: existing.version + 1 }
      await tx
        .updateTable('patrol_reports')
        .set({ ...columns, updated_at: at, version: row.version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', existing.id)
        .execute()
    } else {
      row = { subdistrict_id: sd, id: m.entity_id, ...columns, reporter_id: user.id, received_at: at, updated_at: at, status: 'open', version: 1 }
      await tx.insertInto('patrol_reports').values(row).execute()
    }
    return { record: reportOf(row, await displayName(tx, user, row.reporter_id)), version: row.version, community_id: row.community_id }
  },
}

export const observationEntity: EntityHandler<ObservationInput> = {
  entity: 'observation',
  schema: ObservationInput,
  roles: PATROL_WRITE_ROLES,
  readRoles: PATROL_READ_ROLES,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx.selectFrom('patrol_observations').selectAll().where('subdistrict_id', '=', sd).where('id', '=', m.entity_id).executeTakeFirst()
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'report_id', { status: 403 })
    if (existing && m.base_version !== existing.version) {
      throw new ConflictError(observationOf(existing, await displayName(tx, user, existing.reporter_id)), existing.version)
    }
    if (!existing && m.base_version !== null) throw fieldProblem('patrol_report_unknown', '', { status: 404 })
    const data = m.data
    const report = await tx
      .selectFrom('patrol_reports')
      .select(['id', 'community_id', 'status'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', data.report_id)
      .executeTakeFirst()
    if (!report) throw fieldProblem('patrol_report_unknown', 'report_id')
    if (!mayWriteCommunity(user, report.community_id)) throw fieldProblem('patrol_community_not_yours', 'report_id', { status: 403 })
    if (existing && existing.report_id !== data.report_id) throw fieldProblem('patrol_report_unknown', 'report_id')
    if (!existing && report.status !== 'open') throw fieldProblem('patrol_report_closed', 'report_id', { status: 422 })
    if (existing && user.role === 'inspector' && existing.reporter_id !== user.id) throw fieldProblem('patrol_not_reporter', '', { status: 403 })
    await checkSighting(tx, user, data.counts)

    const at = now.toISOString()
    const columns = observationColumns(data)
    let row
    if (existing) {
      row = { ...existing, ...columns, version: existing.version + 1 }
      await tx
        .updateTable('patrol_observations')
        .set({ ...columns, version: row.version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', existing.id)
        .execute()
    } else {
      row = { subdistrict_id: sd, id: m.entity_id, ...columns, community_id: report.community_id, reporter_id: user.id, received_at: at, version: 1 }
      await tx.insertInto('patrol_observations').values(row).execute()
    }
    return { record: observationOf(row, await displayName(tx, user, row.reporter_id)), version: row.version, community_id: row.community_id }
  },
}
