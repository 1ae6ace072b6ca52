// The one way a server copy lands on the device: from a pull, an acknowledged push or a resolved
// conflict. Deletions leave a tombstone (in `meta`) with their version, so a late answer — a replayed
// push acknowledged after the device already pulled the record's deletion — cannot bring it back.
import type { LastmileDB } from '../db/database.ts'

export interface SyncedCopy {
  entity: string
  entity_id: string
  version: number
  /** null: the record is deleted on the server at this version. */
  record: unknown
}

const tombKey = (entity: string, id: string) => `tombstone:${entity}:${id}`

/** Call inside a Dexie transaction over `records` and `meta`. Returns false when the copy is stale. */
export async function applySyncedCopy(db: LastmileDB, copy: SyncedCopy, now: () => Date): Promise<boolean> {
  const key: [string, string] = [copy.entity, copy.entity_id]
  const have = await db.records.get(key)
  if (have && have.version > copy.version) return false
  const tomb = await db.meta.get(tombKey(copy.entity, copy.entity_id))
  if (typeof tomb?.value === 'number' && tomb.value >= copy.version) return false
  if (copy.record === null) {
    await db.records.delete(key)
    await db.meta.put({ key: tombKey(copy.entity, copy.entity_id), value: copy.version })
  } else {
    await db.records.put({ entity: copy.entity, entity_id: copy.entity_id, version: copy.version, record: copy.record, synced_at: now().toISOString() })
  }
  return true
}
