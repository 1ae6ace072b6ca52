// Reads the change log after a cursor, limited to what the reader may see: the entities their role
// may read and, for inspectors, records of their own communities (or of none).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { SessionUser } from '../http/context.ts'
import { DEFAULT_PULL_LIMIT, type Change, type PullResponse, type SyncOp } from '#domain/sync.ts'
import type { EntityRegistry } from './registry.ts'

/** A change whose record is already JSON text (as logged) or a value to serialise. */
type PulledChange = Omit<Change, 'record'> & ({ record: Change['record'] } | { json: string })

/** The page of changes after `since` this user may see; records no handler projects or hides stay as logged (text). */
async function pullPage(db: Kysely<DB>, registry: EntityRegistry, user: SessionUser, since: number, limit: number) {
  const entities = registry.readableBy(user.role)
  if (entities.length === 0) return { changes: [] as PulledChange[], cursor: String(since), more: false }
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
  const changes: PulledChange[] = page.flatMap((r) => {
    const head = { seq: Number(r.seq), entity: r.entity, entity_id: r.entity_id, op: r.op as SyncOp, version: Number(r.version) }
    const handler = registry.get(r.entity)
    // A handler may project a record for its reader or hide it from some (re-checks go to their assignee only).
    if (r.record !== null && !handler?.project && !handler?.visibleTo) return { ...head, json: r.record }
    const raw = r.record === null ? null : (JSON.parse(r.record) as unknown)
    if (raw !== null && handler?.visibleTo && !handler.visibleTo(raw, user)) return []
    return { ...head, record: (raw !== null && handler?.project ? handler.project(raw, user) : raw) as Change['record'] }
  })
  const last = page.at(-1)
  return { changes, cursor: String(last ? Number(last.seq) : since), more }
}

export async function pullChanges(
  db: Kysely<DB>,
  registry: EntityRegistry,
  user: SessionUser,
  since: number,
  limit = DEFAULT_PULL_LIMIT,
): Promise<PullResponse> {
  const { changes, cursor, more } = await pullPage(db, registry, user, since, limit)
  return {
    changes: changes.map((c) => {
      if (!('json' in c)) return c
      const { json, ...head } = c
      return { ...head, record: JSON.parse(json) as Change['record'] }
    }),
    cursor,
    more,
  }
}

/**
 * The same answer as `JSON.stringify(await pullChanges(…))`, with each logged record written out as the
 * text the change log holds instead of parsed and serialised again.
 */
export async function pullChangesJson(db: Kysely<DB>, registry: EntityRegistry, user: SessionUser, since: number, limit = DEFAULT_PULL_LIMIT): Promise<string> {
  const { changes, cursor, more } = await pullPage(db, registry, user, since, limit)
  const items = changes.map((c) => {
    const head = `{"seq":${c.seq},"entity":${JSON.stringify(c.entity)},"entity_id":${JSON.stringify(c.entity_id)},"op":${JSON.stringify(c.op)},"version":${c.version},"record":`
    return head + ('json' in c ? c.json : JSON.stringify(c.record)) + '}'
  })
  return `{"changes":[${items.join(',')}],"cursor":${JSON.stringify(cursor)},"more":${more}}`
}
