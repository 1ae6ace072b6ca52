// Re-checks: a coordinator asks one inspector to look at a report again ("tomorrow 08:00"). They travel
// to that inspector's device through the sync change log (offline-ready) and close with their sighting.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Recheck, RecheckInput } from '#domain/patrol/workflow.ts'
import { appendChange, lockCounter } from '../../../sync/change-log.ts'
import type { PatrolRechecksTable } from '../hotspots/tables.ts'

type Db = Kysely<DB> | Transaction<DB>

async function recordOf(db: Db, row: PatrolRechecksTable): Promise<Recheck> {
  const sd = row.subdistrict_id
  const r = await db
    .selectFrom('patrol_reports')
    .select(['address', 'kind', 'lat', 'lng', 'hotspot_id'])
    .where('subdistrict_id', '=', sd)
    .where('id', '=', row.report_id)
    .executeTakeFirstOrThrow()
  const names = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', [row.assignee_id, row.assigned_by])
    .execute()
  const name = (id: string) => names.find((n) => n.id === id)?.display_name ?? ''
  return {
    id: row.id,
    report_id: row.report_id,
    hotspot_id: r.hotspot_id,
    community_id: row.community_id,
    assignee_id: row.assignee_id,
    assignee_name: name(row.assignee_id),
    assigned_by_name: name(row.assigned_by),
    due_at: row.due_at,
    note: row.note,
    address: r.address,
    kind: r.kind,
    lat: r.lat,
    lng: r.lng,
    status: row.status as Recheck['status'],
    done_at: row.done_at,
    done_observation_id: row.done_observation_id,
    created_at: row.created_at,
    version: row.version,
  }
}

async function log(tx: Transaction<DB>, row: PatrolRechecksTable, at: Date): Promise<Recheck> {
  const record = await recordOf(tx, row)
  await appendChange(
    tx,
    row.subdistrict_id,
    { entity: 'recheck', entity_id: row.id, community_id: row.community_id, op: 'put', version: row.version, record },
    at,
  )
  return record
}

export async function createRecheck(db: Kysely<DB>, user: SessionUser, input: RecheckInput, at: Date): Promise<Recheck> {
  const sd = user.subdistrict_id
  const run = async (tx: Transaction<DB>) => {
    await lockCounter(tx, sd) // before any row lock, in the same order as a push
    const report = await tx
      .selectFrom('patrol_reports')
      .select(['id', 'community_id', 'status'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', input.report_id)
      .executeTakeFirst()
    if (!report) throw fieldProblem('report_unknown', 'report_id', { status: 404 })
    if (report.status !== 'open') throw fieldProblem('recheck_report_closed', 'report_id', { status: 422 })
    const assignee = await tx
      .selectFrom('users as u')
      .innerJoin('user_communities as uc', (j) => j.onRef('uc.subdistrict_id', '=', 'u.subdistrict_id').onRef('uc.user_id', '=', 'u.id'))
      .select('u.id')
      .where('u.subdistrict_id', '=', sd)
      .where('u.id', '=', input.assignee_id)
      .where('u.role', '=', 'inspector')
      .where('u.disabled', '=', 0)
      .where('uc.community_id', '=', report.community_id)
      .executeTakeFirst()
    if (!assignee) throw fieldProblem('recheck_not_inspector', 'assignee_id', { status: 422 })
    const row: PatrolRechecksTable = {
      subdistrict_id: sd,
      id: input.id ?? uuidv7(at.getTime()),
      report_id: report.id,
      community_id: report.community_id,
      assignee_id: assignee.id,
      assigned_by: user.id,
      due_at: new Date(input.due_at).toISOString(),
      note: input.note,
      status: 'open',
      done_at: null,
      done_observation_id: null,
      created_at: at.toISOString(),
      version: 1,
    }
    await tx.insertInto('patrol_rechecks').values(row).execute()
    return log(tx, row, at)
  }
  return db.isTransaction ? run(db as Transaction<DB>) : db.transaction().execute(run)
}

/** Called in the observation's transaction: the assignee's sighting at that report answers their re-check. */
export async function closeRechecksBy(
  tx: Transaction<DB>,
  sd: string,
  by: { report_id: string; observation_id: string; user_id: string; at: Date },
): Promise<void> {
  const open = await tx
    .selectFrom('patrol_rechecks')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('report_id', '=', by.report_id)
    .where('status', '=', 'open')
    .where('assignee_id', '=', by.user_id)
    .execute()
  for (const r of open) {
    const row = { ...r, status: 'done', done_at: by.at.toISOString(), done_observation_id: by.observation_id, version: r.version + 1 }
    await tx
      .updateTable('patrol_rechecks')
      .set({ status: row.status, done_at: row.done_at, done_observation_id: row.done_observation_id, version: row.version })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', r.id)
      .execute()
    await log(tx, row, by.at)
  }
}

export async function rechecksOfReports(db: Kysely<DB>, sd: string, reportIds: string[]): Promise<Recheck[]> {
  if (reportIds.length === 0) return []
  const rows = await db
    .selectFrom('patrol_rechecks')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('report_id', 'in', reportIds)
    .orderBy('created_at', 'desc')
    .execute()
  return Promise.all(rows.map((r) => recordOf(db, r)))
}
