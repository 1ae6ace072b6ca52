// Reads for operators and about them: an operator's tasks, the reports and hotspots where their vehicles
// were counted (their count only), their commitments, and time to clear per party (agreement page,
// monthly brief).
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { AgreementParty, Commitment } from '#domain/patrol/agreements.ts'
import { complianceRate, type PartyResult } from '#domain/patrol/compliance.ts'
import {
  median,
  type AgreementClearing,
  type OperatorCommitments,
  type OperatorReport,
  type OperatorTask,
  type PartyClearing,
  type TaskStatus,
} from '#domain/patrol/operator-tasks.ts'
import { parseJson } from '../problems.ts'
import type { OperatorParty } from './accounts.ts'
import type { PatrolOperatorTasksTable } from './tables.ts'
import { tasksOf } from './rows.ts'

export async function listTasks(db: Kysely<DB>, sd: string, partyId: string, status?: TaskStatus): Promise<OperatorTask[]> {
  let q = db.selectFrom('patrol_operator_tasks').selectAll().where('subdistrict_id', '=', sd).where('party_id', '=', partyId)
  if (status) q = q.where('status', '=', status)
  const rows = await q.orderBy('opened_at', 'desc').limit(200).execute()
  // Open first, then cleared (waiting for an inspector), then confirmed.
  const order: Record<string, number> = { open: 0, cleared: 1, confirmed: 2 }
  return tasksOf(
    db,
    sd,
    [...rows].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3)),
  )
}

export async function getTask(db: Kysely<DB>, sd: string, partyId: string, id: string): Promise<OperatorTask | undefined> {
  const row = await db
    .selectFrom('patrol_operator_tasks')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('party_id', '=', partyId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? (await tasksOf(db, sd, [row]))[0] : undefined
}

function operatorReportOf(
  r: {
    id: string
    hotspot_id: string | null
    community_id: string
    kind: string
    address: string
    lat: number
    lng: number
    counts: string
    photos: string
    observed_at: string
    workflow_status: string
  },
  operatorId: string,
): OperatorReport | undefined {
  const n = parseJson<Record<string, number>>(r.counts, {})[operatorId] ?? 0
  if (n <= 0) return undefined
  return {
    id: r.id,
    hotspot_id: r.hotspot_id,
    community_id: r.community_id,
    kind: r.kind,
    address: r.address,
    lat: Number(r.lat),
    lng: Number(r.lng),
    counts: { [operatorId]: n },
    photos: parseJson<string[]>(r.photos, []),
    observed_at: r.observed_at,
    status: r.workflow_status,
  }
}

const REPORT_COLUMNS = ['id', 'hotspot_id', 'community_id', 'kind', 'address', 'lat', 'lng', 'counts', 'photos', 'observed_at', 'workflow_status'] as const

/** Reports that counted the operator's vehicles, newest first: their own count only, nobody's name. */
export async function operatorReports(db: Kysely<DB>, sd: string, operatorId: string): Promise<OperatorReport[]> {
  // The JSON key appears quoted in the counts text; the count itself is checked after reading.
  const rows = await db
    .selectFrom('patrol_reports')
    .select([...REPORT_COLUMNS])
    .where('subdistrict_id', '=', sd)
    .where('counts', 'like', `%"${operatorId}"%`)
    .where('needs_position', '=', 0)
    .orderBy('observed_at', 'desc')
    .limit(200)
    .execute()
  return rows.flatMap((r) => operatorReportOf(r, operatorId) ?? [])
}

export async function operatorReport(db: Kysely<DB>, sd: string, operatorId: string, id: string): Promise<OperatorReport | undefined> {
  const r = await db
    .selectFrom('patrol_reports')
    .select([...REPORT_COLUMNS])
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .executeTakeFirst()
  return r ? operatorReportOf(r, operatorId) : undefined
}

/** Hotspots of those reports: where, how many of the operator's vehicles, when last seen. */
export async function operatorHotspots(db: Kysely<DB>, sd: string, operatorId: string) {
  const reports = await operatorReports(db, sd, operatorId)
  const ids = [...new Set(reports.flatMap((r) => (r.hotspot_id ? [r.hotspot_id] : [])))]
  if (!ids.length) return []
  const rows = await db
    .selectFrom('patrol_hotspots')
    .select(['id', 'lat', 'lng', 'landmark', 'status', 'community_id'])
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', ids)
    .execute()
  return rows
    .map((h) => {
      const mine = reports.filter((r) => r.hotspot_id === h.id)
      return {
        id: h.id,
        lat: Number(h.lat),
        lng: Number(h.lng),
        landmark: h.landmark,
        status: h.status,
        community_id: h.community_id,
        reports: mine.length,
        vehicles: mine.reduce((s, r) => s + (r.counts[operatorId] ?? 0), 0),
        last_at:
          mine
            .map((r) => r.observed_at)
            .sort()
            .at(-1) ?? '',
      }
    })
    .sort((a, b) => b.last_at.localeCompare(a.last_at))
}

type ClearingRow = Pick<PatrolOperatorTasksTable, 'party_id' | 'status' | 'reopened' | 'minutes_to_clear' | 'on_time' | 'due_at'>

/** Figures of a set of tasks: counts, median window minutes to clear, share cleared by the due time. */
export function clearingFigures(rows: readonly ClearingRow[], asOf: string): Omit<PartyClearing, 'party_id' | 'party_name'> {
  const cleared = rows.filter((r) => r.status === 'cleared' || r.status === 'confirmed')
  const minutes = cleared.flatMap((r) => (r.minutes_to_clear === null ? [] : [Number(r.minutes_to_clear)]))
  // With a due time: cleared ones count by their flag; an open one counts late once it is past due.
  const judged = rows.filter((r) => r.due_at && (r.on_time !== null || r.due_at <= asOf))
  return {
    tasks: rows.length,
    cleared: cleared.length,
    confirmed: rows.filter((r) => r.status === 'confirmed').length,
    reopened: rows.filter((r) => Number(r.reopened) > 0).length,
    median_minutes: median(minutes),
    on_time_share: judged.length ? judged.filter((r) => Number(r.on_time) === 1).length / judged.length : null,
  }
}

const CLEARING_COLUMNS = ['party_id', 'status', 'reopened', 'minutes_to_clear', 'on_time', 'due_at'] as const

/**
 * Time to clear per party for tasks opened in [fromIso, toIso): for the monthly brief. Parties with no
 * task in the period are left out; sorted by name.
 */
export async function timeToClearByParty(
  db: Kysely<DB>,
  subdistrictId: string,
  fromIso: string,
  toIso: string,
  communityId: string | null = null,
): Promise<PartyClearing[]> {
  let q = db
    .selectFrom('patrol_operator_tasks')
    .select([...CLEARING_COLUMNS])
    .where('subdistrict_id', '=', subdistrictId)
    .where('opened_at', '>=', fromIso)
    .where('opened_at', '<', toIso)
  if (communityId) q = q.where('community_id', '=', communityId)
  const rows = await q.execute()
  return byParty(db, subdistrictId, rows, toIso)
}

async function byParty(db: Kysely<DB>, sd: string, rows: readonly ClearingRow[], asOf: string): Promise<PartyClearing[]> {
  const ids = [...new Set(rows.map((r) => r.party_id))]
  if (!ids.length) return []
  const names = await db.selectFrom('patrol_parties').select(['id', 'name']).where('subdistrict_id', '=', sd).where('id', 'in', ids).execute()
  return names
    .map((p) => ({
      party_id: p.id,
      party_name: p.name,
      ...clearingFigures(
        rows.filter((r) => r.party_id === p.id),
        asOf,
      ),
    }))
    .sort((a, b) => a.party_name.localeCompare(b.party_name, 'zh-CN'))
}

/** Time to clear of the tasks an agreement's clearing terms govern: all of them, and per party. */
export async function agreementClearing(db: Kysely<DB>, sd: string, agreementId: string, now: Date): Promise<AgreementClearing> {
  const rows = await db
    .selectFrom('patrol_operator_tasks')
    .select([...CLEARING_COLUMNS])
    .where('subdistrict_id', '=', sd)
    .where('agreement_id', '=', agreementId)
    .execute()
  return { ...clearingFigures(rows, now.toISOString()), parties: await byParty(db, sd, rows, now.toISOString()) }
}

/** The operator's agreements (in force or ended), their commitments, their check rate, and their clearing times. */
export async function operatorCommitments(db: Kysely<DB>, sd: string, party: OperatorParty, now: Date): Promise<OperatorCommitments> {
  const rows = await db
    .selectFrom('patrol_agreements')
    .select(['id', 'title', 'status', 'parties', 'commitments'])
    .where('subdistrict_id', '=', sd)
    .where('status', '!=', 'draft')
    .orderBy('updated_at', 'desc')
    .execute()
  const mine = rows.filter((a) => parseJson<AgreementParty[]>(a.parties, []).some((p) => p.party_id === party.party_id))
  const checks = mine.length
    ? await db
        .selectFrom('patrol_compliance_checks')
        .select(['agreement_id', 'results'])
        .where('subdistrict_id', '=', sd)
        .where(
          'agreement_id',
          'in',
          mine.map((a) => a.id),
        )
        .execute()
    : []
  const tasks = await db
    .selectFrom('patrol_operator_tasks')
    .select([...CLEARING_COLUMNS])
    .where('subdistrict_id', '=', sd)
    .where('party_id', '=', party.party_id)
    .execute()
  return {
    party: { id: party.party_id, name: party.name, operator_id: party.operator_id },
    agreements: mine.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      commitments: parseJson<Commitment[]>(a.commitments, [])
        .filter((c) => c.party_id === party.party_id)
        .map((c) => ({ text: c.text, clearing: c.clearing ?? null })),
      // Only this party's results: another party's outcome is not theirs to see.
      check_rate: complianceRate(
        checks
          .filter((c) => c.agreement_id === a.id)
          .map((c) => ({ results: parseJson<PartyResult[]>(c.results, []).filter((r) => r.party_id === party.party_id) })),
      ),
    })),
    clearing: { party_id: party.party_id, party_name: party.name, ...clearingFigures(tasks, now.toISOString()) },
  }
}
