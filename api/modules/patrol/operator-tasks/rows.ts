// Task rows into the record an operator sees: the task joined with its report's place and photos,
// never the reporter, the note or another operator's count.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { OperatorTask, TaskStatus } from '#domain/patrol/operator-tasks.ts'
import { parseJson } from '../problems.ts'
import type { PatrolOperatorTasksTable } from './tables.ts'

type Db = Kysely<DB> | Transaction<DB>

export async function tasksOf(db: Db, sd: string, rows: readonly PatrolOperatorTasksTable[]): Promise<OperatorTask[]> {
  if (!rows.length) return []
  const reports = await db
    .selectFrom('patrol_reports')
    .select(['id', 'kind', 'address', 'lat', 'lng', 'photos'])
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', [...new Set(rows.map((r) => r.report_id))])
    .execute()
  const byId = new Map(reports.map((r) => [r.id, r]))
  return rows.map((row) => {
    const r = byId.get(row.report_id)
    return {
      id: row.id,
      party_id: row.party_id,
      operator_id: row.operator_id,
      report_id: row.report_id,
      hotspot_id: row.hotspot_id,
      community_id: row.community_id,
      vehicles: Number(row.vehicles),
      kind: r?.kind ?? '',
      address: r?.address ?? '',
      lat: Number(r?.lat ?? 0),
      lng: Number(r?.lng ?? 0),
      report_photos: parseJson<string[]>(r?.photos ?? '[]', []),
      status: row.status as TaskStatus,
      opened_at: row.opened_at,
      due_at: row.due_at,
      cleared_at: row.cleared_at,
      clear_photos: parseJson<string[]>(row.clear_photos, []),
      clear_note: row.clear_note,
      confirmed_at: row.confirmed_at,
      reopened: Number(row.reopened),
      minutes_to_clear: row.minutes_to_clear === null ? null : Number(row.minutes_to_clear),
      on_time: row.on_time === null ? null : Number(row.on_time) === 1,
      agreement_id: row.agreement_id,
      version: Number(row.version),
    }
  })
}
