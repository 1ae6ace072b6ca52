// Reading the audit log: newest first, keyset-paged by id (UUIDv7, so time-ordered), filtered by entity;
// each page carries the names of the records its entries mention.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { AuditPage, AuditQuery } from '#domain/audit.ts'
import { idCandidates, namesOf } from './names.ts'

const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown))

export async function listAudit(db: Kysely<DB>, subdistrictId: string, q: AuditQuery): Promise<AuditPage> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'a.subdistrict_id').onRef('u.id', '=', 'a.actor_id'))
    .select(['a.id', 'a.at', 'a.actor_id', 'u.display_name as actor_name', 'a.action', 'a.entity', 'a.entity_id', 'a.before_json', 'a.after_json', 'a.detail'])
    .where('a.subdistrict_id', '=', subdistrictId)
  if (q.entity) query = query.where('a.entity', '=', q.entity)
  if (q.entity_id) query = query.where('a.entity_id', '=', q.entity_id)
  if (q.before) query = query.where('a.id', '<', q.before)
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute()
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    at: r.at,
    actor_id: r.actor_id,
    actor_name: r.actor_name ?? null,
    action: r.action,
    entity: r.entity,
    entity_id: r.entity_id,
    before: parse(r.before_json),
    after: parse(r.after_json ?? r.detail),
  }))
  const ids = new Set<string>()
  for (const i of items) idCandidates({ id: i.entity_id, before: i.before, after: i.after }, ids)
  return { items, next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null, names: await namesOf(db, subdistrictId, ids) }
}
