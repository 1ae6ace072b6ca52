// Residents' reports: the public submission (proof of work, limits, position, photo through the media
// pipeline, then one row), the follow-up a resident reads by code, and the office's decisions. Approving
// files the report through the same createReport path as a device's push and an Open311 POST, with
// source `resident`, so every hook on a new sighting applies to it.
import { randomInt } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Deps, SessionUser } from '../../../http/context.ts'
import { conflict, fieldProblem, fieldsProblem, notFound, ProblemError, refused } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import { insideSubdistrict, timeIssue } from '#domain/bounds.ts'
import { haversineM } from '#domain/geo.ts'
import { normalizePhone, maskPhone } from '#domain/phone.ts'
import { ReportInput, type ReportKind, type WorkflowStatus } from '#domain/patrol/report.ts'
import {
  FOLLOW_CODE_ALPHABET,
  normalizeFollowCode,
  RESIDENT_PHONE_REVEALS_PER_HOUR,
  RESIDENT_PHOTO_MAX_BYTES,
  type ResidentDecision,
  type ResidentPhoneReveal,
  type ResidentPhoneRevealed,
  type ResidentFollowUp,
  type ResidentQueueItem,
  type ResidentReceipt,
  type ResidentReportInput,
  type ResidentSetup,
  type ResidentStatus,
} from '#domain/patrol/resident.ts'
import { lockCounter, appendChange } from '../../../sync/change-log.ts'
import { audit } from '../../../audit/audit.ts'
import { storeUploads, sha256Hex } from '../../../media/service.ts'
import { communityAt, createReport } from '../reports/service.ts'
import { knownOperatorIds, listOperators } from '../operators/service.ts'
import { addEvent, attachReportPhoto } from '../workflow/service.ts'
import { loadRetention } from '../../../retention/settings.ts'
import { retentionCutoffs } from '#domain/retention.ts'
import { checkPow, keyedHash, spendPow } from './pow.ts'

const HOUR_MS = 3_600_000
/** Open reports this close to a resident's report are offered as merge targets. */
const NEARBY_M = 150

async function subdistrictOf(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('subdistricts').select(['id', 'name', 'center_lat', 'center_lng']).where('id', '=', id).executeTakeFirst()
  if (!row) throw fieldProblem('resident_subdistrict_unknown', 'subdistrict', { status: 404 })
  return { id: row.id, name: row.name, center: { lat: Number(row.center_lat), lng: Number(row.center_lng) } }
}

/** The subdistrict a resident reports in: the named one, or the only/first one of this deployment. */
export async function residentSubdistrict(db: Kysely<DB>, id: string | undefined) {
  if (id) return subdistrictOf(db, id)
  const first = await db.selectFrom('subdistricts').select('id').orderBy('id').executeTakeFirst()
  if (!first) throw fieldProblem('resident_subdistrict_unknown', 'subdistrict', { status: 404 })
  return subdistrictOf(db, first.id)
}

export async function residentSetup(deps: Deps, id: string | undefined): Promise<ResidentSetup> {
  const sub = await residentSubdistrict(deps.db, id)
  const operators = (await listOperators(deps.db, sub.id)).map((o) => ({ id: o.id, name: o.name }))
  return { subdistrict: sub, operators, limits: { per_device: deps.env.RESIDENT_LIMIT_PER_DEVICE, window_hours: deps.env.RESIDENT_LIMIT_WINDOW_HOURS } }
}

/** "3 小时" / "3 hours": how long until a limit lets the next report through. */
function waitText(seconds: number) {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  if (minutes < 60) return { 'zh-CN': `${minutes} 分钟`, en: `${minutes} min` }
  const hours = Math.ceil(minutes / 60)
  return { 'zh-CN': `${hours} 小时`, en: `${hours} h` }
}

/** Per device and per address: reports stored in the window; past the limit a 429 with Retry-After. */
async function checkLimits(tx: Transaction<DB>, deps: Deps, sd: string, hashes: { device: string; ip: string }, now: Date) {
  const env = deps.env
  const windowMs = env.RESIDENT_LIMIT_WINDOW_HOURS * HOUR_MS
  const since = new Date(now.getTime() - windowMs).toISOString()
  const checks = [
    { column: 'device_hash' as const, value: hashes.device, limit: env.RESIDENT_LIMIT_PER_DEVICE, key: 'resident_limit_device' },
    { column: 'ip_hash' as const, value: hashes.ip, limit: env.RESIDENT_LIMIT_PER_IP, key: 'resident_limit_address' },
  ]
  for (const c of checks) {
    const rows = await tx
      .selectFrom('resident_reports')
      .select('received_at')
      .where('subdistrict_id', '=', sd)
      .where(c.column, '=', c.value)
      .where('received_at', '>', since)
      .orderBy('received_at', 'desc')
      .limit(c.limit)
      .execute()
    if (rows.length >= c.limit) {
      // The oldest of the last `limit` reports leaves the window first.
      const oldest = Date.parse(rows[rows.length - 1]!.received_at)
      const retry = Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000))
      deps.logger.log('warn', 'resident_reports_throttled', { subdistrict_id: sd, by: c.column })
      throw refused(429, c.key, { params: { limit: c.limit, wait: waitText(retry) }, headers: { 'retry-after': String(retry) } })
    }
  }
}

function newCode(): string {
  let s = ''
  for (let i = 0; i < 10; i++) s += FOLLOW_CODE_ALPHABET[randomInt(FOLLOW_CODE_ALPHABET.length)]
  return normalizeFollowCode(s)
}

const receiptOf = (r: { id: string; code: string; received_at: string }): ResidentReceipt => ({
  id: r.id,
  code: r.code,
  follow_path: `/public/follow/${r.code}`,
  received_at: r.received_at,
})

/** Decodes the photo and refuses what is not an image within the limit, before anything is stored. */
function photoBytes(photo: ResidentReportInput['photo']): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(photo.data, 'base64'))
  if (bytes.length === 0) throw fieldProblem('resident_photo_required', 'photo')
  if (bytes.length > RESIDENT_PHOTO_MAX_BYTES) throw fieldProblem('resident_photo_too_big', 'photo', { status: 413 })
  return bytes
}

/**
 * A resident's report: checked in full (proof of work, resend, limits, position, operators, photo)
 * before anything is written; then the photo (stripped, content-addressed) and the row with the spent
 * challenge, in one transaction. The same id sent again from the same device answers the first receipt.
 */
export async function submitResidentReport(deps: Deps, input: ResidentReportInput, clientIp: string): Promise<{ receipt: ResidentReceipt; created: boolean }> {
  const db = deps.db
  const now = deps.now()
  const sub = await subdistrictOf(db, input.subdistrict)
  const sd = sub.id
  const hashes = { device: keyedHash(deps.env, 'device', input.device), ip: keyedHash(deps.env, 'ip', clientIp) }
  const bytes = photoBytes(input.photo)
  /** Under the subdistrict's lock: the challenge, a resend of the same id (its first row), the limits. */
  const underLock = async (tx: Transaction<DB>) => {
    await lockCounter(tx, sd)
    await checkPow(tx, deps.env, sd, input.pow, now)
    const prior = await tx
      .selectFrom('resident_reports')
      .select(['id', 'code', 'received_at', 'device_hash'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (prior && prior.device_hash !== hashes.device) throw conflict('resident_id_reused')
    if (!prior) await checkLimits(tx, deps, sd, hashes, now)
    return prior
  }
  // Read-only checks first, so nothing is stored for a report that would be refused.
  const prior = await db.transaction().execute(underLock)
  if (prior) return { receipt: receiptOf(prior), created: false }

  const issues: { path: string; key: string }[] = []
  const time = timeIssue(input.observed_at, now)
  if (time) issues.push({ path: 'observed_at', key: time })
  const at = { lat: input.position.lat, lng: input.position.lng }
  const community = insideSubdistrict(at, sub.center) ? await communityAt(db, sd, at) : undefined
  if (!community) issues.push({ path: 'position', key: 'resident_outside' })
  const known = await knownOperatorIds(db, sd)
  input.operator_ids.forEach((id, i) => {
    if (!known.has(id)) issues.push({ path: `operator_ids.${i}`, key: 'patrol_operator_unknown' })
  })
  if (issues.length) throw fieldsProblem(issues, { detail: issues[0]!.key })

  // The media pipeline: declared type, magic bytes, pixel limit, metadata stripped, stored by hash.
  const hash = sha256Hex(bytes)
  const [stored] = await storeUploads(deps, { subdistrict_id: sd, id: 'resident' }, [{ hash, declaredType: input.photo.content_type, body: bytes }])
  if (stored instanceof ProblemError) throw new ProblemError(stored.status, stored.key, { errors: [{ path: 'photo', key: stored.key }] })

  const phone = input.phone ? (normalizePhone(input.phone) ?? null) : null
  const receivedAt = now.toISOString()
  const code = await db.transaction().execute(async (tx) => {
    // Checked again under the lock that the write holds: the same challenge or id sent twice at once.
    const again = await underLock(tx)
    if (again) return again.code
    await spendPow(tx, sd, input.pow, now)
    let code = newCode()
    while (await tx.selectFrom('resident_reports').select('id').where('code', '=', code).executeTakeFirst()) code = newCode()
    await tx
      .insertInto('resident_reports')
      .values({
        subdistrict_id: sd,
        id: input.id,
        code,
        device_hash: hashes.device,
        ip_hash: hashes.ip,
        community_id: community!.id,
        lat: at.lat,
        lng: at.lng,
        accuracy_m: input.position.accuracy_m,
        position_source: input.position.source,
        kind: input.kind,
        operator_ids: JSON.stringify(input.operator_ids),
        note: input.note,
        phone,
        photo_hash: hash,
        observed_at: new Date(input.observed_at).toISOString(),
        received_at: receivedAt,
        status: 'pending',
        reply: '',
        decided_at: null,
        decided_by: null,
        report_id: null,
        merged_report_id: null,
        merged_hotspot_id: null,
        anonymised_at: null,
      })
      .execute()
    return code
  })
  return { receipt: receiptOf({ id: input.id, code, received_at: receivedAt }), created: true }
}

/** The parties' clearing of a report, as one state: the least advanced of its tasks'. */
function clearingOf(statuses: string[]): ResidentFollowUp['clearing'] {
  if (statuses.length === 0) return null
  if (statuses.includes('open')) return 'open'
  return statuses.every((s) => s === 'confirmed') ? 'confirmed' : 'cleared'
}

/** What a resident sees under their code: status, dates, the office's reply and where the work stands. Nothing else. */
export async function followUp(db: Kysely<DB>, rawCode: string): Promise<ResidentFollowUp> {
  const code = normalizeFollowCode(rawCode)
  const rows = await db
    .selectFrom('resident_reports as r')
    .innerJoin('subdistricts as s', 's.id', 'r.subdistrict_id')
    .select(['r.subdistrict_id', 'r.code', 'r.kind', 'r.status', 'r.received_at', 'r.decided_at', 'r.reply', 'r.report_id', 'r.merged_report_id', 's.name'])
    .where('r.code', '=', code)
    .limit(2)
    .execute()
  const row = rows.length === 1 ? rows[0]! : undefined
  if (!row) throw fieldProblem('resident_code_unknown', 'code', { status: 404 })
  const linked = row.report_id ?? row.merged_report_id
  const report = linked
    ? await db
        .selectFrom('patrol_reports')
        .select('workflow_status')
        .where('subdistrict_id', '=', row.subdistrict_id)
        .where('id', '=', linked)
        .executeTakeFirst()
    : undefined
  const tasks = linked
    ? await db.selectFrom('patrol_operator_tasks').select('status').where('subdistrict_id', '=', row.subdistrict_id).where('report_id', '=', linked).execute()
    : []
  return {
    code: row.code,
    kind: row.kind as ReportKind,
    status: row.status as ResidentStatus,
    received_at: row.received_at,
    decided_at: row.decided_at,
    reply: row.reply,
    report_status: (report?.workflow_status as WorkflowStatus | undefined) ?? null,
    clearing: clearingOf(tasks.map((t) => t.status)),
    subdistrict_name: row.name,
  }
}

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
