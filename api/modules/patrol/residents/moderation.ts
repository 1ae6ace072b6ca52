// The office's side of residents' reports: the moderation queue (with open reports nearby as merge
// targets), the decision (approve through createReport with source `resident`, merge into a report or a
// hotspot, or reject with a reply), and a moderator's audited look at a resident's phone number.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { conflict, fieldProblem, notFound, refused } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import { haversineM } from '#domain/geo.ts'
import { maskPhone } from '#domain/phone.ts'
import { ReportInput, type ReportKind, type WorkflowStatus } from '#domain/patrol/report.ts'
import {
  RESIDENT_PHONE_REVEALS_PER_HOUR,
  type ResidentDecision,
  type ResidentPhoneReveal,
  type ResidentPhoneRevealed,
  type ResidentQueueItem,
  type ResidentStatus,
} from '#domain/patrol/resident.ts'
import { lockCounter, appendChange } from '../../../sync/change-log.ts'
import { audit } from '../../../audit/audit.ts'
import { createReport } from '../reports/service.ts'
import { addEvent, attachReportPhoto } from '../workflow/service.ts'
import { loadRetention } from '../../../retention/settings.ts'
import { retentionCutoffs } from '#domain/retention.ts'
import { HOUR_MS, waitText } from './service.ts'

/** Open reports this close to a resident's report are offered as merge targets. */
const NEARBY_M = 150

/** The moderation queue: pending first (oldest first), then the latest decisions; phones masked. */
export async function listResidentReports(db: Kysely<DB>, sd: string, filter: { status?: ResidentStatus; id?: string }): Promise<ResidentQueueItem[]> {
  const status = filter.status
  let q = db
    .selectFrom('resident_reports as r')
    .leftJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'r.subdistrict_id').onRef('u.id', '=', 'r.decided_by'))
    .selectAll('r')
    .select('u.display_name as decided_by_name')
    .where('r.subdistrict_id', '=', sd)
  if (status) q = q.where('r.status', '=', status)
  if (filter.id) q = q.where('r.id', '=', filter.id)
  const rows = await q
    .orderBy('r.received_at', status === 'pending' ? 'asc' : 'desc')
    .orderBy('r.id')
    .limit(200)
    .execute()
  const pending = rows.filter((r) => r.status === 'pending')
  const open = pending.length
    ? await db
        .selectFrom('patrol_reports')
        .select(['id', 'kind', 'address', 'lat', 'lng', 'hotspot_id', 'workflow_status'])
        .where('subdistrict_id', '=', sd)
        .where('status', '=', 'open')
        .where('needs_position', '=', 0)
        .where('lat', '>=', Math.min(...pending.map((r) => r.lat)) - 0.002)
        .where('lat', '<=', Math.max(...pending.map((r) => r.lat)) + 0.002)
        .where('lng', '>=', Math.min(...pending.map((r) => r.lng)) - 0.002)
        .where('lng', '<=', Math.max(...pending.map((r) => r.lng)) + 0.002)
        .limit(2000)
        .execute()
    : []
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status as ResidentStatus,
    kind: r.kind as ReportKind,
    lat: r.lat,
    lng: r.lng,
    accuracy_m: r.accuracy_m,
    position_source: r.position_source,
    community_id: r.community_id,
    operator_ids: JSON.parse(r.operator_ids) as string[],
    note: r.note,
    phone_masked: r.phone ? maskPhone(r.phone) : null,
    photo: r.photo_hash,
    observed_at: r.observed_at,
    received_at: r.received_at,
    decided_at: r.decided_at,
    decided_by_name: r.decided_by_name ?? null,
    reply: r.reply,
    report_id: r.report_id,
    merged_report_id: r.merged_report_id,
    merged_hotspot_id: r.merged_hotspot_id,
    nearby:
      r.status === 'pending'
        ? open
            .map((o) => ({ ...o, distance_m: Math.round(haversineM(o, r)) }))
            .filter((o) => o.distance_m <= NEARBY_M)
            .sort((a, b) => a.distance_m - b.distance_m)
            .slice(0, 5)
            .map((o) => ({
              id: o.id,
              kind: o.kind,
              address: o.address,
              distance_m: o.distance_m,
              hotspot_id: o.hotspot_id,
              workflow_status: o.workflow_status as WorkflowStatus,
            }))
        : [],
  }))
}

async function displayName(tx: Transaction<DB>, sd: string, id: string) {
  return (await tx.selectFrom('users').select('display_name').where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst())?.display_name ?? ''
}

/**
 * The office decides on a pending report: approve (a patrol report with source `resident`, through
 * createReport, logged for devices), merge into an open report or a hotspot, or reject with the reason
 * the resident reads. One transaction with the change-log lock first; history and audit say who.
 */
export async function decideResidentReport(db: Kysely<DB>, user: SessionUser, id: string, d: ResidentDecision, now: Date): Promise<ResidentQueueItem> {
  const sd = user.subdistrict_id
  await db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const row = await tx.selectFrom('resident_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('resident_report_unknown')
    if (row.status !== 'pending') throw conflict('resident_decided')
    const at = now.toISOString()
    const set: Partial<DB['resident_reports']> & { status: ResidentStatus } = { status: 'rejected', reply: d.reply, decided_at: at, decided_by: user.id }
    let photoAttached: boolean | undefined
    if (d.action === 'approve') {
      const operatorIds = JSON.parse(row.operator_ids) as string[]
      const parsed = ReportInput.parse({
        position: { lat: row.lat, lng: row.lng, accuracy_m: row.accuracy_m, source: row.position_source },
        community_id: row.community_id,
        address: '',
        kind: row.kind,
        // The resident saw at least one vehicle of each operator they named.
        counts: Object.fromEntries(operatorIds.map((o) => [o, 1])),
        photos: row.photo_hash ? [row.photo_hash] : [],
        note: row.note,
        observed_at: row.observed_at,
      })
      const reportId = uuidv7(now.getTime())
      const res = await createReport(
        tx,
        { subdistrictId: sd, id: reportId, data: parsed, reporter: { id: user.id, display_name: await displayName(tx, sd, user.id) }, at: now },
        { unplaced: false, media_urls: [], source: 'resident' },
      )
      await appendChange(
        tx,
        sd,
        { entity: 'report', entity_id: reportId, community_id: res.community_id, op: 'put', version: res.version, record: res.record },
        now,
      )
      Object.assign(set, { status: 'approved', report_id: reportId })
    } else if (d.action === 'merge') {
      if (d.report_id) {
        const target = await tx
          .selectFrom('patrol_reports')
          .select(['id', 'status'])
          .where('subdistrict_id', '=', sd)
          .where('id', '=', d.report_id)
          .executeTakeFirst()
        if (!target) throw fieldProblem('report_unknown', 'report_id', { status: 404 })
        if (target.status !== 'open') throw refused(422, 'workflow_merge_target_closed')
        await addEvent(tx, user, 'report', target.id, null, 'merged', `resident ${row.code}${d.reply ? ' — ' + d.reply : ''}`, now)
        // The resident's photo joins the target's photos (a new version for devices); it stays
        // unpublished until the office approves it for publication, like any report photo.
        photoAttached = row.photo_hash ? await attachReportPhoto(tx, user, target.id, row.photo_hash, now) : false
        Object.assign(set, { status: 'merged', merged_report_id: target.id })
      } else {
        const target = await tx
          .selectFrom('patrol_hotspots')
          .select(['id', 'status'])
          .where('subdistrict_id', '=', sd)
          .where('id', '=', d.hotspot_id!)
          .executeTakeFirst()
        if (!target) throw fieldProblem('hotspot_unknown', 'hotspot_id', { status: 404 })
        // The hotspot's history notes the resident's report; its status stays as it is.
        await addEvent(tx, user, 'hotspot', target.id, target.status, target.status, `resident ${row.code}${d.reply ? ' — ' + d.reply : ''}`, now)
        Object.assign(set, { status: 'merged', merged_hotspot_id: target.id })
      }
    }
    await tx.updateTable('resident_reports').set(set).where('subdistrict_id', '=', sd).where('id', '=', id).execute()
    await audit(tx, {
      actor: user,
      action: d.action,
      entity: 'resident_report',
      entity_id: id,
      before: { status: row.status },
      after: {
        status: set.status,
        reply: d.reply,
        report_id: set.report_id,
        merged_report_id: set.merged_report_id,
        merged_hotspot_id: set.merged_hotspot_id,
        photo_attached: photoAttached,
      },
      at: now,
    })
  })
  const [item] = await listResidentReports(db, sd, { id })
  return item!
}

/**
 * The resident's full number, for one report, to a moderator who says why: the purpose (and reason)
 * goes into the audit log with who and when, in the transaction that reads the number. Refused once
 * the report is past the counter's retention period (erased, or due at the next purge), when no number
 * was left, and past RESIDENT_PHONE_REVEALS_PER_HOUR reveals by the same user in the last hour.
 */
export async function revealResidentPhone(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: ResidentPhoneReveal,
  now: Date,
): Promise<ResidentPhoneRevealed> {
  const sd = user.subdistrict_id
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('resident_reports')
      .select(['phone', 'received_at', 'anonymised_at'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('resident_report_unknown')
    if (row.anonymised_at) throw refused(410, 'resident_phone_expired')
    if (!row.phone) throw notFound('resident_phone_none')
    const { counter_before } = retentionCutoffs(now, await loadRetention(tx, sd))
    if (row.received_at < counter_before) throw refused(410, 'resident_phone_expired')
    const since = new Date(now.getTime() - HOUR_MS).toISOString()
    const recent = await tx
      .selectFrom('audit_log')
      .select('at')
      .where('subdistrict_id', '=', sd)
      .where('entity', '=', 'resident_report')
      .where('at', '>', since)
      .where('action', '=', 'reveal_phone')
      .where('actor_id', '=', user.id)
      .orderBy('at', 'desc')
      .limit(RESIDENT_PHONE_REVEALS_PER_HOUR)
      .execute()
    if (recent.length >= RESIDENT_PHONE_REVEALS_PER_HOUR) {
      // The oldest of the last reveals leaves the hour first.
      const retry = Math.max(1, Math.ceil((Date.parse(recent[recent.length - 1]!.at) + HOUR_MS - now.getTime()) / 1000))
      throw refused(429, 'resident_phone_reveal_limit', {
        params: { limit: RESIDENT_PHONE_REVEALS_PER_HOUR, wait: waitText(retry) },
        headers: { 'retry-after': String(retry) },
      })
    }
    await audit(tx, {
      actor: user,
      action: 'reveal_phone',
      entity: 'resident_report',
      entity_id: id,
      after: { purpose: input.purpose, note: input.note },
      at: now,
    })
    return { id, phone: row.phone, revealed_at: now.toISOString() }
  })
}
