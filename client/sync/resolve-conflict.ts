// The user decides a conflict: "keep mine" re-sends their version (or a merge of both) based on the
// server's version; "take theirs" drops theirs for the server's record. Until then both are kept.
import type { LastmileDB } from '../db/database.ts'
import { uuidv7 } from '#domain/ids.ts'
import { emitRecordsChanged } from './records-changed.ts'
import { applySyncedCopy } from './apply-synced-copy.ts'

export type Resolution = { keep: 'mine'; data?: Record<string, unknown> } | { keep: 'theirs' }

export async function resolveConflict(db: LastmileDB, id: string, how: Resolution, now: () => Date = () => new Date()): Promise<void> {
  const row = await db.outbox.get(id)
  if (!row || row.state !== 'conflict') return
  const version = row.server_version ?? 0
  const serverCopy = { entity: row.entity, entity_id: row.entity_id, version, record: row.server_record ?? null }
  await db.transaction('rw', db.outbox, db.records, db.meta, async () => {
    await applySyncedCopy(db, serverCopy, now)
    await db.outbox.delete(id)
    if (how.keep === 'mine') {
      // A new mutation id: the old one's verdict (conflict) is final on the server.
      await db.outbox.add({
        ...row,
        id: uuidv7(now().getTime()),
        base_version: version,
        data: how.data ?? row.data,
        state: 'pending',
        attempts: 0,
        reason: undefined,
        errors: undefined,
        server_record: undefined,
        server_version: undefined,
        client_time: now().toISOString(),
      })
    }
  })
  await emitRecordsChanged([serverCopy])
}
