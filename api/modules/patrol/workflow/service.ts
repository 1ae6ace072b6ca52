// The workflow's writes: a report's FixMyStreet-style status, merging duplicates, a hotspot's status,
// each with a history row (who, when, note) and, where devices hold the record, a change-log entry.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem, notFound, refused } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import { lifecycleOf, type HotspotStatus, type WorkflowStatus } from '#domain/patrol/workflow.ts'
import { appendChange, lockCounter } from '../../../sync/change-log.ts'
import { observationOf, reportOf } from '../reports/rows.ts'
import { audit } from '../../../audit/audit.ts'
import { communityAt, placeReport } from '../reports/service.ts'
import { parseJson } from '../problems.ts'
import type { PlaceReportInput, UnplacedReport } from '#domain/patrol/workflow.ts'
import { MAX_PHOTOS, type ReportKind } from '#domain/patrol/report.ts'

export async function addEvent(
  tx: Kysely<DB> | Transaction<DB>,
  user: Pick<SessionUser, 'subdistrict_id' | 'id'>,
  target: 'report' | 'hotspot',
  targetId: string,
  from: string | null,
  to: string,
  note: string,
  at: Date,
) {
  await tx
    .insertInto('patrol_review_events')
    .values({
      subdistrict_id: user.subdistrict_id,
      id: uuidv7(at.getTime()),
      target,
      target_id: targetId,
      from_status: from,
      to_status: to,
      note,
      actor_id: user.id,
      at: at.toISOString(),
    })
    .execute()
}

async function reporterName(tx: Transaction<DB>, sd: string, id: string) {
  return (await tx.selectFrom('users').select('display_name').where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst())?.display_name ?? ''
}

/**
 * Sets the status and keeps its note on the report; devices get the new version (the reporter sees
 * what became of the report, and a closed report takes no more sightings).
 */
async function setStatus(tx: Transaction<DB>, user: SessionUser, id: string, status: WorkflowStatus, note: string, at: Date, mergedInto: string | null = null) {
  const sd = user.subdistrict_id
  const row = await tx.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('report_unknown')
  const lifecycle = lifecycleOf(status)
  const version = row.version + 1
  const updated_at = at.toISOString()
  await tx
    .updateTable('patrol_reports')
    .set({ workflow_status: status, review_note: note, merged_into: mergedInto, status: lifecycle, version, updated_at })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .execute()
  await addEvent(tx, user, 'report', id, row.workflow_status, status, note, at)
  await audit(tx, { actor: user, action: 'status', entity: 'report', entity_id: id, before: { status: row.workflow_status }, after: { status, note }, at })
  const record = reportOf(
    { ...row, workflow_status: status, review_note: note, status: lifecycle, version, updated_at },
    await reporterName(tx, sd, row.reporter_id),
  )
  await appendChange(tx, sd, { entity: 'report', entity_id: id, community_id: row.community_id, op: 'put', version, record }, at)
}

/**
 * Adds a photo to a report (a resident's photo merged into it) as a new version devices receive.
 * False when the report already has it or holds MAX_PHOTOS photos; publication stays the office's
 * separate decision (patrol_photo_publication).
 */
export async function attachReportPhoto(tx: Transaction<DB>, user: Pick<SessionUser, 'subdistrict_id' | 'id'>, id: string, sha256: string, at: Date) {
  const sd = user.subdistrict_id
  const row = await tx.selectFrom('patrol_reports').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('report_unknown')
  const photos = parseJson<string[]>(row.photos, [])
  if (photos.includes(sha256) || photos.length >= MAX_PHOTOS) return false
  const next = { ...row, photos: JSON.stringify([...photos, sha256]), version: row.version + 1, updated_at: at.toISOString() }
  await tx
    .updateTable('patrol_reports')
    .set({ photos: next.photos, version: next.version, updated_at: next.updated_at })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .execute()
  const record = reportOf(next, await reporterName(tx, sd, row.reporter_id))
  await appendChange(tx, sd, { entity: 'report', entity_id: id, community_id: row.community_id, op: 'put', version: next.version, record }, at)
  return true
}

export async function changeReportStatus(db: Kysely<DB>, user: SessionUser, id: string, status: WorkflowStatus, note: string, at: Date) {
  // Changes that reach devices take the subdistrict's change-log lock first, like a push (no deadlock).
  await db.transaction().execute(async (tx) => {
    await lockCounter(tx, user.subdistrict_id)
    await setStatus(tx, user, id, status, note, at)
  })
}

/** Merges duplicates into one report: their sightings move to it, they become `duplicate` of it. */
export async function mergeReports(db: Kysely<DB>, user: SessionUser, targetId: string, duplicateIds: string[], note: string, at: Date) {
  const sd = user.subdistrict_id
  if (duplicateIds.includes(targetId)) throw fieldProblem('workflow_merge_self', 'duplicate_ids')
  await db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const target = await tx
      .selectFrom('patrol_reports')
      .select(['id', 'status', 'community_id'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', targetId)
      .executeTakeFirst()
    if (!target) throw notFound('report_unknown')
    if (target.status !== 'open') throw refused(422, 'workflow_merge_target_closed')
    // Audit: the duplicates as they were, and what moved to the target.
    const dups = duplicateIds.length
      ? await tx
          .selectFrom('patrol_reports')
          .select(['id', 'workflow_status', 'merged_into'])
          .where('subdistrict_id', '=', sd)
          .where('id', 'in', duplicateIds)
          .orderBy('id')
          .execute()
      : []
    let movedObservations = 0
    for (const dup of duplicateIds) {
      const obs = await tx.selectFrom('patrol_observations').selectAll().where('subdistrict_id', '=', sd).where('report_id', '=', dup).execute()
      movedObservations += obs.length
      for (const o of obs) {
        const moved = { ...o, report_id: targetId, community_id: target.community_id, version: o.version + 1 }
        await tx
          .updateTable('patrol_observations')
          .set({ report_id: targetId, community_id: target.community_id, version: moved.version })
          .where('subdistrict_id', '=', sd)
          .where('id', '=', o.id)
          .execute()
        const record = observationOf(moved, await reporterName(tx, sd, o.reporter_id))
        await appendChange(tx, sd, { entity: 'observation', entity_id: o.id, community_id: target.community_id, op: 'put', version: moved.version, record }, at)
      }
      await tx.updateTable('patrol_rechecks').set({ report_id: targetId }).where('subdistrict_id', '=', sd).where('report_id', '=', dup).execute()
      await setStatus(tx, user, dup, 'duplicate', note || targetId, at, targetId)
    }
    await addEvent(tx, user, 'report', targetId, null, 'merged', `${duplicateIds.length} ← ${duplicateIds.join(', ')}${note ? ' — ' + note : ''}`, at)
    await audit(tx, {
      actor: user,
      action: 'merge',
      entity: 'report',
      entity_id: targetId,
      before: { duplicates: dups.map((d) => ({ id: d.id, status: d.workflow_status, merged_into: d.merged_into })) },
      after: { duplicate_ids: duplicateIds, moved_observations: movedObservations, note },
      at,
    })
  })
}

export async function changeHotspotStatus(db: Kysely<DB>, user: SessionUser, id: string, status: HotspotStatus, note: string, at: Date) {
  const sd = user.subdistrict_id
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('patrol_hotspots').select(['status', 'version']).where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('hotspot_unknown')
    await tx
      .updateTable('patrol_hotspots')
      .set({ status, version: row.version + 1, updated_at: at.toISOString() })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', id)
      .execute()
    await addEvent(tx, user, 'hotspot', id, row.status, status, note, at)
    await audit(tx, { actor: user, action: 'status', entity: 'hotspot', entity_id: id, before: { status: row.status }, after: { status, note }, at })
  })
}

export async function setPhotoPublication(db: Kysely<DB>, user: SessionUser, sha256: string, approved: boolean, at: Date) {
  const sd = user.subdistrict_id
  await db.deleteFrom('patrol_photo_publication').where('subdistrict_id', '=', sd).where('sha256', '=', sha256).execute()
  if (approved)
    await db.insertInto('patrol_photo_publication').values({ subdistrict_id: sd, sha256, approved_by: user.id, approved_at: at.toISOString() }).execute()
}

/** Reports that came without a position (Open311 with only an address), oldest first. */
export async function listUnplaced(db: Kysely<DB>, sd: string): Promise<UnplacedReport[]> {
  const rows = await db
    .selectFrom('patrol_reports')
    .select(['id', 'kind', 'address', 'note', 'observed_at', 'workflow_status', 'media_urls'])
    .where('subdistrict_id', '=', sd)
    .where('needs_position', '=', 1)
    .orderBy('observed_at')
    .orderBy('id')
    .limit(500)
    .execute()
  return rows.map((r) => ({
    ...r,
    kind: r.kind as ReportKind,
    workflow_status: r.workflow_status as WorkflowStatus,
    media_urls: parseJson<string[]>(r.media_urls, []),
  }))
}

/** Puts an unplaced report on the map: its community and hotspot follow, devices get it, history and audit say who. */
export async function placeUnplaced(db: Kysely<DB>, user: SessionUser, id: string, at: PlaceReportInput, now: Date) {
  const sd = user.subdistrict_id
  await db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const community = await communityAt(tx, sd, at)
    if (!community) throw fieldProblem('patrol_position_far', 'lat')
    const res = await placeReport(tx, { subdistrictId: sd, id, position: at, community_id: community.id, at: now })
    if (!res) throw notFound('report_unknown')
    const note = `${at.lat.toFixed(6)},${at.lng.toFixed(6)}`
    await addEvent(tx, user, 'report', id, null, 'placed', note, now)
    await audit(tx, {
      actor: user,
      action: 'place',
      entity: 'report',
      entity_id: id,
      before: { needs_position: 1, community_id: res.before.community_id },
      after: { lat: at.lat, lng: at.lng, community_id: community.id, hotspot_id: res.after.hotspot_id },
      at: now,
    })
    const record = reportOf(res.after, await reporterName(tx, sd, res.after.reporter_id))
    await appendChange(tx, sd, { entity: 'report', entity_id: id, community_id: community.id, op: 'put', version: res.after.version, record }, now)
  })
}
