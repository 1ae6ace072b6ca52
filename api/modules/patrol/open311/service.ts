// Open311 data: public request records built from reports without personal data (fixed status wording,
// a description made from the structured fields, only photos a coordinator approved), and the POST that
// files a report through patrol's sighting service — same validation, same hotspot step, same workflow.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Deps } from '../../../http/context.ts'
import type { Role } from '#domain/auth.ts'
import { uuidv7 } from '#domain/ids.ts'
import { ReportInput, type ReportKind } from '#domain/patrol/report.ts'
import { mayWriteCommunity, nearestCommunity } from '#domain/patrol/rules.ts'
import { open311Status, SERVICE_NAMES, STATUS_NOTES, UPDATE_STATUS, type Open311Request, type Open311Update } from '#domain/open311.ts'
import { WORKFLOW_STATUSES, type WorkflowStatus } from '#domain/patrol/workflow.ts'
import { communityAt, createReport } from '../reports/service.ts'
import { appendChange, lockCounter } from '../../../sync/change-log.ts'
import { ProblemError } from '../../../http/problem.ts'
import { Open311Error } from './format.ts'

const CLOSED: WorkflowStatus[] = ['resolved', 'verified', 'duplicate', 'not_ours']

export async function jurisdiction(db: Kysely<DB>, id: string | undefined) {
  const rows = await db
    .selectFrom('subdistricts')
    .select(['id', 'name'])
    .$if(!!id, (q) => q.where('id', '=', id!))
    .limit(2)
    .execute()
  if (id && rows.length === 0) throw new Open311Error(404, 'jurisdiction_id provided was not found')
  if (rows.length !== 1) throw new Open311Error(400, 'jurisdiction_id was not provided')
  return rows[0]!
}

export interface RequestQuery {
  service_codes?: string[]
  statuses?: ('open' | 'closed')[]
  start?: string
  end?: string
  page: number
  page_size: number
  /** Rows skipped (default: the pages before `page`). */
  offset?: number
  ids?: string[]
}

export async function findRequests(db: Kysely<DB>, sd: { id: string; name: string }, q: RequestQuery, origin: string): Promise<Open311Request[]> {
  let qb = db
    .selectFrom('patrol_reports')
    .select(['id', 'kind', 'address', 'lat', 'lng', 'needs_position', 'counts', 'blocked_share', 'photos', 'observed_at', 'updated_at', 'workflow_status'])
    .where('subdistrict_id', '=', sd.id)
  if (q.ids) qb = qb.where('id', 'in', q.ids)
  if (q.service_codes?.length) qb = qb.where('kind', 'in', q.service_codes)
  // Both statuses asked for is no filter at all.
  const only = q.statuses && new Set(q.statuses).size === 1 ? q.statuses[0] : undefined
  if (only === 'closed') qb = qb.where('workflow_status', 'in', CLOSED)
  if (only === 'open') qb = qb.where('workflow_status', 'not in', CLOSED)
  if (q.start) qb = qb.where('observed_at', '>=', q.start)
  if (q.end) qb = qb.where('observed_at', '<=', q.end)
  const rows = await qb
    .orderBy('observed_at', 'desc')
    .orderBy('id')
    .limit(q.page_size)
    .offset(q.offset ?? (q.page - 1) * q.page_size)
    .execute()
  const photos = rows.flatMap((r) => JSON.parse(r.photos) as string[])
  const approved = photos.length
    ? new Set(
        (await db.selectFrom('patrol_photo_publication').select('sha256').where('subdistrict_id', '=', sd.id).where('sha256', 'in', photos).execute()).map(
          (p) => p.sha256,
        ),
      )
    : new Set<string>()
  const due = rows.length
    ? await db
        .selectFrom('patrol_rechecks')
        .select(['report_id', 'due_at'])
        .where('subdistrict_id', '=', sd.id)
        .where('status', '=', 'open')
        .where(
          'report_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : []
  return rows.map((r) => {
    const kind = r.kind as ReportKind
    const status = r.workflow_status as WorkflowStatus
    const counts = JSON.parse(r.counts) as Record<string, number>
    const vehicles = Object.values(counts).reduce((s, n) => s + n, 0)
    const share = r.blocked_share === null ? '' : `，人行道被占约 ${Math.round(r.blocked_share * 100)}%`
    const photo = (JSON.parse(r.photos) as string[]).find((h) => approved.has(h))
    return {
      service_request_id: r.id,
      status: open311Status(status),
      status_notes: STATUS_NOTES[status],
      service_name: SERVICE_NAMES[kind]?.name ?? kind,
      service_code: kind,
      description: `${SERVICE_NAMES[kind]?.name ?? kind}${vehicles ? `，约 ${vehicles} 辆` : ''}${share}`,
      agency_responsible: sd.name,
      service_notice: '',
      requested_datetime: r.observed_at,
      updated_datetime: r.updated_at,
      expected_datetime:
        due
          .filter((d) => d.report_id === r.id)
          .map((d) => d.due_at)
          .sort()[0] ?? null,
      address: r.address,
      address_id: null,
      zipcode: null,
      // A report still waiting to be placed has no position to publish (it holds a placeholder).
      lat: r.needs_position ? null : r.lat,
      long: r.needs_position ? null : r.lng,
      media_url: photo ? `${origin}/open311/v2/media/${photo}` : null,
    }
  })
}

export interface UpdateQuery {
  start: string
  end?: string
  ids?: string[]
  limit: number
}

/** RFC 3339 without fractions (W3CDTF, as FixMyStreet parses it). */
const w3c = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z')

/**
 * The status changes of this subdistrict's reports in a time window, oldest first, as FixMyStreet's
 * servicerequestupdates extension has them: one entry per change, with the public wording only.
 */
export async function findUpdates(db: Kysely<DB>, sd: { id: string }, q: UpdateQuery): Promise<Open311Update[]> {
  let qb = db
    .selectFrom('patrol_review_events as e')
    .innerJoin('patrol_reports as r', (j) => j.onRef('r.subdistrict_id', '=', 'e.subdistrict_id').onRef('r.id', '=', 'e.target_id'))
    .select(['e.id', 'e.target_id', 'e.to_status', 'e.at'])
    .where('e.subdistrict_id', '=', sd.id)
    .where('e.target', '=', 'report')
    .where('e.to_status', 'in', [...WORKFLOW_STATUSES])
    .where('e.at', '>=', q.start)
  if (q.end) qb = qb.where('e.at', '<=', q.end)
  if (q.ids) qb = qb.where('e.target_id', 'in', q.ids)
  const rows = await qb.orderBy('e.at').orderBy('e.id').limit(q.limit).execute()
  return rows.map((e) => {
    const status = e.to_status as WorkflowStatus
    return {
      update_id: e.id,
      service_request_id: e.target_id,
      status: UPDATE_STATUS[status],
      updated_datetime: w3c(e.at),
      description: STATUS_NOTES[status],
      media_url: null,
      external_status_code: status,
    }
  })
}

export interface PostInput {
  service_code: ReportKind
  /** Null: the request named only an address (address_string or address_id); the report waits to be placed. */
  position: { lat: number; lng: number } | null
  address: string
  description: string
  counts: Record<string, number>
  blocked_share: number | null
  /** Links to the client's photos, kept as given (never fetched here). */
  media_urls: string[]
}

/** Where an unplaced report sits until placed: the subdistrict's centre, in its nearest community. */
async function placeholder(db: Kysely<DB>, sd: string) {
  const sub = await db.selectFrom('subdistricts').select(['center_lat', 'center_lng']).where('id', '=', sd).executeTakeFirstOrThrow()
  const at = { lat: Number(sub.center_lat), lng: Number(sub.center_lng) }
  const communities = await db.selectFrom('communities').select(['id', 'center_lat', 'center_lng']).where('subdistrict_id', '=', sd).execute()
  return { at, community: nearestCommunity(at, communities) }
}

/** Files the report as the key's owner through the sighting service (validation, hotspot step), logged for the devices. */
export async function createRequest(deps: Deps, owner: { subdistrict_id: string; created_by: string }, input: PostInput): Promise<string> {
  const db = deps.db
  const sd = owner.subdistrict_id
  const u = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('subdistrict_id', '=', sd)
    .where('id', '=', owner.created_by)
    .where('disabled', '=', 0)
    .executeTakeFirst()
  if (!u) throw new Open311Error(403, 'Invalid api_key received -- can not proceed with create_request')
  const unplaced = input.position === null
  const spot = input.position ? { at: input.position, community: await communityAt(db, sd, input.position) } : await placeholder(db, sd)
  if (!spot.community) throw new Open311Error(400, 'lat/long is outside this jurisdiction')
  const community = spot.community
  const at = spot.at
  // The key acts for its owner: an owner no longer in an office role may not file for any community.
  if (!mayWriteCommunity({ role: u.role as Role, community_ids: [] }, community.id)) throw new Open311Error(403, 'Invalid community_id')
  const now = deps.now()
  const parsed = ReportInput.safeParse({
    position: { lat: at.lat, lng: at.lng, accuracy_m: 0, source: 'map' },
    community_id: community.id,
    address: input.address.slice(0, 200),
    kind: input.service_code,
    counts: input.counts,
    blocked_share: input.blocked_share,
    note: input.description.slice(0, 1000),
    observed_at: now.toISOString(),
  })
  if (!parsed.success) throw new Open311Error(400, `Invalid ${parsed.error.issues[0]?.path.join('.') || 'request'}`)
  const id = uuidv7(now.getTime())
  try {
    await db.transaction().execute(async (tx) => {
      await lockCounter(tx, sd) // before any row lock, in the same order as a push
      const res = await createReport(
        tx,
        { subdistrictId: sd, id, data: parsed.data, reporter: { id: u.id, display_name: u.display_name }, at: now },
        { unplaced, media_urls: input.media_urls, source: 'open311' },
      )
      // An unplaced report reaches devices once it is placed (its position here is only a placeholder).
      if (!unplaced)
        await appendChange(
          tx,
          sd,
          { entity: 'report', entity_id: id, community_id: res.community_id, op: 'put', version: res.version, record: res.record },
          now,
        )
    })
  } catch (err) {
    if (err instanceof ProblemError)
      throw new Open311Error(err.status === 403 ? 403 : 400, err.options.errors?.[0]?.path ? `Invalid ${err.options.errors[0].path}` : 'Request refused')
    throw err
  }
  return id
}
