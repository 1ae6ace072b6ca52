// Sign-out privacy: the device forgets what it cached from the server — residents' pickup
// lists, synced records, uploaded photos, other caches — but keeps unsent work: the outbox, the photos
// it references or still has to upload, capture drafts, and local rows that an outbox row still carries.
import type { Table } from 'dexie'
import { db as defaultDb, type LastmileDB } from './database.ts'

/** kv keys that are user work (draft photos), never a cache. */
const KV_KEEP = /^(patrol\.photo\.|resident\.device$)/
/**
 * Tables that are never cleared here: identity is cleared by the session; config and offline map areas
 * are public; residents' reports are a resident's own unsent work and follow-up codes, not a staff cache.
 */
const UNTOUCHED = new Set(['identity', 'config', 'outbox', 'patrol_drafts', 'offline_areas', 'resident_reports'])

export interface ClearedCache {
  kept: number
  cleared: number
}

export async function clearCachedData(database: LastmileDB = defaultDb): Promise<ClearedCache> {
  const out = { kept: 0, cleared: 0 }
  await database.transaction('rw', database.tables, async () => {
    const outbox = await database.outbox.toArray()
    const pendingIds = new Set(outbox.map((r) => r.entity_id))
    const pendingMedia = new Set(outbox.flatMap((r) => r.media))
    for (const table of database.tables as Table<any, any>[]) {
      if (UNTOUCHED.has(table.name)) continue
      const keep = keeper(table.name, pendingIds, pendingMedia)
      const rows = (await table.toArray()) as Record<string, unknown>[]
      const keys = (await table.toCollection().primaryKeys()) as unknown[]
      const drop = keys.filter((_, i) => !keep(rows[i]!))
      out.kept += rows.length - drop.length
      out.cleared += drop.length
      await table.bulkDelete(drop as never[])
    }
  })
  return out
}

function keeper(table: string, pendingIds: Set<string>, pendingMedia: Set<string>): (row: Record<string, unknown>) => boolean {
  switch (table) {
    case 'media':
      // A photo not uploaded yet is unsent work even before its record is saved.
      return (r) => pendingMedia.has(r.hash as string) || r.uploaded === 0
    case 'kv':
      return (r) => KV_KEEP.test(r.key as string)
    case 'meta':
      // The device id stays; the pull cursor goes, so the next sign-in pulls its scope afresh.
      return (r) => r.key === 'device_id'
    case 'records':
      return () => false
    default:
      // Module tables: keep a local row while an outbox row still carries it (by id, or by its own sync id).
      return (r) => pendingIds.has(String(r.id ?? r.entity_id ?? ''))
  }
}
