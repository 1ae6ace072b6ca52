// Operator tasks: a sighting that counts an operator's vehicles opens a task for every party with that
// operator id (in the sighting's transaction, whatever its source); the operator clears it with a photo;
// the next inspector sighting at that report confirms the clearing (none of their vehicles counted) or
// reopens it. Each change queues a webhook delivery for the party, when it has one. Operator accounts
// and their parties: accounts.ts.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { uuidv7 } from '#domain/ids.ts'
import { dueAt, windowMinutes, type ClearingInput, type ClearingTerms, type OperatorTask } from '#domain/patrol/operator-tasks.ts'
import type { AgreementParty, Commitment } from '#domain/patrol/agreements.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { parseJson } from '../problems.ts'
import { missingMedia } from '../../../media/service.ts'
import type { PatrolOperatorTasksTable } from './tables.ts'
import { tasksOf } from './rows.ts'
import { enqueueDelivery, webhookUrls } from './webhooks.ts'
import { requireParty } from './accounts.ts'
import { txMemo } from '../../../db/tx-memo.ts'
import type { WriteStatement } from '../../../sync/write-together.ts'

type Db = Kysely<DB> | Transaction<DB>

/** Kept for the rest of a push's transaction: every report of a batch asks the same agreements. */
function agreementsInForce(db: Db, sd: string) {
  return txMemo(db, `agreements-in-force:${sd}`, () =>
    db
      .selectFrom('patrol_agreements')
      .select(['id', 'community_id', 'hotspot_ids', 'report_ids', 'parties', 'commitments', 'updated_at'])
      .where('subdistrict_id', '=', sd)
      .where('status', 'in', ['active', 'breached'])
      .orderBy('updated_at', 'desc')
      .execute(),
  )
}

/** Every party with an operator id, kept for the rest of a push's transaction. */
function operatorParties(tx: Transaction<DB>, sd: string) {
  return txMemo(tx, `operator-parties:${sd}`, () =>
    tx.selectFrom('patrol_parties').select(['id', 'operator_id']).where('subdistrict_id', '=', sd).where('operator_id', 'is not', null).execute(),
  )
}

/**
 * Reads, into the transaction's memo, what opening tasks asks of the subdistrict (its parties, the
 * agreements in force, the webhooks): a push does it before taking the counter lock.
 */
export async function readTaskReferences(tx: Transaction<DB>, sd: string): Promise<void> {
  await operatorParties(tx, sd)
  await agreementsInForce(tx, sd)
  await webhookUrls(tx, sd)
}

/**
 * The clearing terms for a party's task at a report: from an agreement in force that has the party and
 * a commitment of theirs with a clearing time, linked to the report or its hotspot first, else one in
 * the same community.
 */
export async function termsFor(
  db: Db,
  sd: string,
  where: { party_id: string; report_id: string; hotspot_id: string | null; community_id: string },
): Promise<{ agreement_id: string; terms: ClearingTerms } | null> {
  return termsIn(await agreementsInForce(db, sd), where)
}

/** termsFor among agreement rows already read. */
function termsIn(
  rows: readonly AgreementRow[],
  where: { party_id: string; report_id: string; hotspot_id: string | null; community_id: string },
): { agreement_id: string; terms: ClearingTerms } | null {
  let sameCommunity: { agreement_id: string; terms: ClearingTerms } | null = null
  for (const row of rows) {
    const a = agreementOf(row)
    if (!a.parties.some((p) => p.party_id === where.party_id)) continue
    const c = a.commitments.find((x) => x.party_id === where.party_id && x.clearing)
    if (!c?.clearing) continue
    const found = { agreement_id: row.id, terms: c.clearing }
    const linked = a.report_ids.includes(where.report_id) || (!!where.hotspot_id && a.hotspot_ids.includes(where.hotspot_id))
    if (linked) return found
    if (!sameCommunity && row.community_id === where.community_id) sameCommunity = found
  }
  return sameCommunity
}

type AgreementRow = Awaited<ReturnType<typeof agreementsInForce>>[number]
interface AgreementLists {
  parties: AgreementParty[]
  commitments: Commitment[]
  report_ids: string[]
  hotspot_ids: string[]
}
/** An agreement row's lists, parsed once per row read (a push's batch asks the same rows for every task). */
const parsedAgreements = new WeakMap<AgreementRow, AgreementLists>()
function agreementOf(row: AgreementRow): AgreementLists {
  let a = parsedAgreements.get(row)
  if (!a) {
    a = {
      parties: parseJson<AgreementParty[]>(row.parties, []),
      commitments: parseJson<Commitment[]>(row.commitments, []),
      report_ids: parseJson<string[]>(row.report_ids, []),
      hotspot_ids: parseJson<string[]>(row.hotspot_ids, []),
    }
    parsedAgreements.set(row, a)
  }
  return a
}

async function update(tx: Transaction<DB>, row: PatrolOperatorTasksTable, changes: Partial<PatrolOperatorTasksTable>, at: Date) {
  const next = { ...row, ...changes, updated_at: at.toISOString(), version: Number(row.version) + 1 }
  await tx
    .updateTable('patrol_operator_tasks')
    .set({ ...changes, updated_at: next.updated_at, version: next.version })
    .where('subdistrict_id', '=', row.subdistrict_id)
    .where('id', '=', row.id)
    .execute()
  return next
}

async function notify(tx: Transaction<DB>, row: PatrolOperatorTasksTable, event: string, at: Date): Promise<void> {
  await enqueueDelivery(tx, row.subdistrict_id, row.party_id, event, async () => (await tasksOf(tx, row.subdistrict_id, [row]))[0]!, at)
}

/** What a new sighting tells the operators: which report, who saw it and the counts per operator id. */
export interface SightingForTasks {
  subdistrictId: string
  report: { id: string; community_id: string; hotspot_id: string | null }
  sighting_id: string
  counts: Record<string, number>
  /** A repeat sighting at the report: it confirms or reopens cleared tasks. */
  repeat: boolean
  at: Date
}

/**
 * Called in the transaction of every new report and repeat sighting (sync push, Open311, placing):
 * opens tasks for the parties whose vehicles were counted, and resolves cleared tasks at the report.
 */
export async function tasksForSighting(tx: Transaction<DB>, s: SightingForTasks): Promise<void> {
  const sd = s.subdistrictId
  const counted = Object.entries(s.counts).filter(([, n]) => n > 0)
  // A new report has no tasks yet; a repeat sighting meets those its report has.
  const existing = s.repeat
    ? await tx
        .selectFrom('patrol_operator_tasks')
        .selectAll()
        .where('subdistrict_id', '=', sd)
        .where('report_id', '=', s.report.id)
        .where('status', 'in', ['open', 'cleared'])
        .execute()
    : []
  if (!counted.length && !existing.length) return
  const at = s.at.toISOString()
  const stillThere = new Map(counted)

  if (s.repeat) {
    for (const row of existing.filter((r) => r.status === 'cleared')) {
      const n = stillThere.get(row.operator_id) ?? 0
      if (n === 0) {
        await notify(tx, await update(tx, row, { status: 'confirmed', confirmed_at: at, resolved_by: s.sighting_id }, s.at), 'task.confirmed', s.at)
      } else {
        const changes = {
          status: 'open',
          vehicles: n,
          source_id: s.sighting_id,
          reopened: Number(row.reopened) + 1,
          cleared_at: null,
          minutes_to_clear: null,
          on_time: null,
        }
        await notify(tx, await update(tx, row, changes, s.at), 'task.reopened', s.at)
      }
    }
  }
  if (!counted.length) return
  for (const row of await newTaskRows(tx, s, counted, existing)) {
    await tx.insertInto('patrol_operator_tasks').values(row).execute()
    await notify(tx, row, 'task.opened', s.at)
  }
}

/** The tasks a sighting opens: one for each party whose operator's vehicles it counted and that has none at the report yet. */
async function newTaskRows(
  tx: Transaction<DB>,
  s: SightingForTasks,
  counted: [string, number][],
  existing: readonly PatrolOperatorTasksTable[],
): Promise<PatrolOperatorTasksTable[]> {
  const sd = s.subdistrictId
  return taskRowsOf(await operatorParties(tx, sd), await agreementsInForce(tx, sd), s, counted, existing)
}

/** newTaskRows with the parties and agreements already read. */
function taskRowsOf(
  parties: readonly { id: string; operator_id: string | null }[],
  agreements: readonly AgreementRow[],
  s: SightingForTasks,
  counted: [string, number][],
  existing: readonly PatrolOperatorTasksTable[],
): PatrolOperatorTasksTable[] {
  const stillThere = new Map(counted)
  const rows: PatrolOperatorTasksTable[] = []
  for (const p of parties) {
    if (!stillThere.has(p.operator_id!)) continue
    const n = stillThere.get(p.operator_id!) ?? 0
    if (existing.some((r) => r.party_id === p.id)) continue
    const terms = termsIn(agreements, { party_id: p.id, report_id: s.report.id, hotspot_id: s.report.hotspot_id, community_id: s.report.community_id })
    rows.push(taskRow(s, p, n, terms))
  }
  return rows
}

/** A new open task of a party at a sighting's report, under the clearing terms found for it. */
export function taskRow(
  s: SightingForTasks,
  party: { id: string; operator_id: string | null },
  vehicles: number,
  terms: { agreement_id: string; terms: ClearingTerms } | null,
): PatrolOperatorTasksTable {
  const at = s.at.toISOString()
  return {
    subdistrict_id: s.subdistrictId,
    id: uuidv7(s.at.getTime()),
    party_id: party.id,
    operator_id: party.operator_id!,
    report_id: s.report.id,
    community_id: s.report.community_id,
    hotspot_id: s.report.hotspot_id,
    source_id: s.sighting_id,
    vehicles,
    status: 'open',
    opened_at: at,
    agreement_id: terms?.agreement_id ?? null,
    within_minutes: terms?.terms.within_minutes ?? null,
    window_start: terms?.terms.window_start ?? null,
    window_end: terms?.terms.window_end ?? null,
    due_at: terms ? dueAt(at, terms.terms) : null,
    cleared_at: null,
    cleared_by: null,
    clear_photos: '[]',
    clear_note: '',
    confirmed_at: null,
    resolved_by: null,
    reopened: 0,
    minutes_to_clear: null,
    on_time: null,
    updated_at: at,
    version: 1,
  }
}

/** The insert of new tasks (at most 100 rows: far below both databases' bound-parameter limits). */
export const taskInsert = (db: Db, rows: PatrolOperatorTasksTable[]) => db.insertInto('patrol_operator_tasks').values(rows)

/**
 * tasksForSighting for a batch of new reports (which have no tasks yet), with the same rows and
 * deliveries, answered for the caller to send: the task rows by multi-row INSERTs, and `after` those
 * are written, each one's task.opened in order.
 */
export async function tasksForNewReports(tx: Transaction<DB>, list: SightingForTasks[]): Promise<{ writes: WriteStatement[]; after?(): Promise<void> }> {
  const rows: PatrolOperatorTasksTable[] = []
  const opened: { row: PatrolOperatorTasksTable; at: Date }[] = []
  const sd = list[0]?.subdistrictId
  const parties = sd ? await operatorParties(tx, sd) : []
  const agreements = sd ? await agreementsInForce(tx, sd) : []
  for (const s of list) {
    const counted = Object.entries(s.counts).filter(([, n]) => n > 0)
    if (!counted.length) continue
    for (const row of taskRowsOf(parties, agreements, s, counted, [])) {
      rows.push(row)
      opened.push({ row, at: s.at })
    }
  }
  const writes: WriteStatement[] = []
  for (let i = 0; i < rows.length; i += 100) writes.push(taskInsert(tx, rows.slice(i, i + 100)))
  // Only a task of a party with a webhook has a delivery to queue after the tasks are written.
  const hooks = sd ? await webhookUrls(tx, sd) : new Map<string, string>()
  const notified = opened.filter((o) => hooks.has(o.row.party_id))
  if (!notified.length) return { writes }
  return {
    writes,
    async after() {
      for (const { row, at } of notified) await notify(tx, row, 'task.opened', at)
    },
  }
}

/** Window minutes from opening to a clearing: the whole span without terms, else inside the daily window. */
export function minutesToClear(row: Pick<PatrolOperatorTasksTable, 'opened_at' | 'window_start' | 'window_end'>, clearedAt: string): number {
  const window = row.window_start && row.window_end ? { window_start: row.window_start, window_end: row.window_end } : null
  return Math.round(windowMinutes(row.opened_at, clearedAt, window) * 10) / 10
}

/**
 * The operator cleared the vehicles (with photos already uploaded). The clearing time is the device's,
 * kept between the task's opening and the server's clock. Another party's task is unknown (404).
 */
export async function clearTask(tx: Transaction<DB>, user: SessionUser, taskId: string, input: ClearingInput, now: Date): Promise<OperatorTask> {
  const sd = user.subdistrict_id
  const party = await requireParty(tx, user)
  const row = await tx
    .selectFrom('patrol_operator_tasks')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('id', '=', taskId)
    .where('party_id', '=', party.party_id)
    .executeTakeFirst()
  if (!row) throw fieldProblem('task_unknown', 'task_id', { status: 404 })
  if (row.status !== 'open') throw fieldProblem('task_not_open', 'task_id', { status: 422 })
  const missing = await missingMedia(tx, sd, input.photos)
  if (missing.length) throw fieldProblem('media_missing', 'photos', { status: 422 })
  const claimed = Date.parse(input.cleared_at)
  const clearedAt = new Date(Math.min(now.getTime(), Math.max(Date.parse(row.opened_at), claimed))).toISOString()
  const minutes = minutesToClear(row, clearedAt)
  const next = await update(
    tx,
    row,
    {
      status: 'cleared',
      cleared_at: clearedAt,
      cleared_by: user.id,
      clear_photos: JSON.stringify(input.photos),
      clear_note: input.note,
      minutes_to_clear: minutes,
      on_time: row.due_at ? (clearedAt <= row.due_at ? 1 : 0) : null,
    },
    now,
  )
  await notify(tx, next, 'task.cleared', now)
  const [task] = await tasksOf(tx, sd, [next])
  return task!
}
