// Residents' reports: the public submission (proof of work, limits, position, photo through the media
// pipeline, then one row) and the follow-up a resident reads by code. The office's decisions are in
// moderation.ts: approving files the report through the same createReport path as a device's push and an
// Open311 POST, with source `resident`, so every hook on a new sighting applies to it.
import { randomInt } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Deps } from '../../../http/context.ts'
import { conflict, fieldProblem, fieldsProblem, ProblemError, refused } from '../../../http/problem.ts'
import { insideSubdistrict, timeIssue } from '#domain/bounds.ts'
import { normalizePhone } from '#domain/phone.ts'
import { type ReportKind, type WorkflowStatus } from '#domain/patrol/report.ts'
import {
  FOLLOW_CODE_ALPHABET,
  normalizeFollowCode,
  RESIDENT_PHOTO_MAX_BYTES,
  type ResidentFollowUp,
  type ResidentReceipt,
  type ResidentReportInput,
  type ResidentSetup,
  type ResidentStatus,
} from '#domain/patrol/resident.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { storeUploads, sha256Hex } from '../../../media/service.ts'
import { communityAt } from '../reports/service.ts'
import { knownOperatorIds, listOperators } from '../operators/service.ts'
import { checkPow, keyedHash, spendPow } from './pow.ts'

export const HOUR_MS = 3_600_000

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
export function waitText(seconds: number) {
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
