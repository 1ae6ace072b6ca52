// Reads the change log after a cursor, limited to what the reader may see: the entities their role
// may read and, for inspectors, records of their own communities (or of none).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { SessionUser } from '../http/context.ts'
import { DEFAULT_PULL_LIMIT, type Change, type PullResponse, type SyncOp } from '#domain/sync.ts'
import type { EntityRegistry } from './registry.ts'

export async function pullChanges(
  db: Kysely<DB>,
  registry: EntityRegistry,
  user: SessionUser,
  since: number,
  limit = DEFAULT_PULL_LIMIT,
): Promise<PullResponse> {
  const entities = registry.readableBy(user.role)
  if (entities.length === 0) return { changes: [], cursor: String(since), more: false }
  let q = db
    .selectFrom('change_log')
    .select(['seq', 'entity', 'entity_id', 'op', 'version', 'record'])
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('seq', '>', since)
    .where('entity', 'in', entities)
  if (user.role === 'inspector') {
    const ids = user.community_ids
    q = q.where((eb) => (ids.length ? eb.or([eb('community_id', 'in', ids), eb('community_id', 'is', null)]) : eb('community_id', 'is', null)))
  }
  const rows = await q
    .orderBy('seq')
    .limit(limit + 1)
    .execute()
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const changes: Change[] = page.flatMap((r) => {
    const raw = r.record === null ? null : (JSON.parse(r.record) as unknown)
    const project = registry.get(r.entity)?.project
    // A handler may hide a record from some readers (re-checks go to their assignee only).
    const visibleTo = registry.get(r.entity)?.visibleTo
    if (raw !== null && visibleTo && !visibleTo(raw, user)) return []
    return {
      seq: Number(r.seq),
      entity: r.entity,
      entity_id: r.entity_id,
      op: r.op as SyncOp,
      version: Number(r.version),
      record: raw !== null && project ? project(raw, user) : raw,
    }
  })
  const last = page.at(-1)
  return { changes, cursor: String(last ? Number(last.seq) : since), more }
}
