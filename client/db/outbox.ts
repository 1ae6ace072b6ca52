// The outbox: every local change a repository makes is written together with its mutation row in ONE
// Dexie transaction, so a change can never exist on the device without the intent to send it.
import type { Table } from 'dexie'
import type { SyncOp } from '#domain/sync.ts'
import type { FieldError } from '#domain/messages.ts'
import { uuidv7 } from '#domain/ids.ts'
import { db as defaultDb, type LastmileDB } from './database.ts'

export type OutboxState = 'pending' | 'syncing' | 'conflict' | 'rejected'

export interface OutboxRow {
  /** The mutation id (idempotency key on the server). */
  id: string
  entity: string
  entity_id: string
  op: SyncOp
  base_version: number | null
  data: Record<string, unknown>
  /** SHA-256 of photos this mutation references: uploaded before it is pushed. */
  media: string[]
  state: OutboxState
  reason?: string
  errors?: FieldError[]
  server_record?: unknown
  server_version?: number
  /** How many times it was sent; a row that was never sent may still be merged with a newer edit. */
  attempts: number
  /** Who made it: pushed only while that user is signed in. */
  user_id: string | null
  created_at: string
  client_time: string
}

export interface MediaRow {
  hash: string
  blob: Blob
  uploaded: 0 | 1
  /** Set when the server refused the file (wrong hash, not an image, too big). */
  refused?: string
  created_at: string
}

export interface MetaRow {
  key: string
  value: unknown
}

export interface SyncedRecordRow {
  entity: string
  entity_id: string
  version: number
  record: unknown
  synced_at: string
}

export interface NewMutation {
  entity: string
  entity_id: string
  op: SyncOp
  data: Record<string, unknown>
  media?: string[]
  /** Leave out to let the outbox predict it from the synced copy and the pending rows before it. */
  base_version?: number | null
}

export type Enqueue = (m: NewMutation) => Promise<OutboxRow>

/** Listeners for "something was written locally": the sync scheduler subscribes. */
const writeListeners = new Set<() => void>()
export function onLocalWrite(fn: () => void): () => void {
  writeListeners.add(fn)
  return () => writeListeners.delete(fn)
}

let currentUser: string | null = null
/** The session store tells the outbox who is signed in (rows remember their author). */
export function setOutboxUser(userId: string | null) {
  currentUser = userId
}

/** Rows still on their way to the server: the server's version grows by one for each as it applies. */
const onItsWay = (r: OutboxRow) => r.state === 'pending' || r.state === 'syncing'

function enqueueIn(database: LastmileDB, now: () => Date): Enqueue {
  return async (m) => {
    const at = now().toISOString()
    let base = m.base_version
    if (base === undefined) {
      // Both look-ups in one round trip: this record's outbox rows (for the merge and the rows on their
      // way) and its synced copy. Issued before any other await, so they run inside the caller's transaction.
      const [rows, synced] = await Promise.all([
        database.outbox.where('[entity+entity_id]').equals([m.entity, m.entity_id]).toArray(),
        database.records.get([m.entity, m.entity_id]),
      ])
      // A put may replace a newer never-sent put of the same record: its id never left the device.
      if (m.op === 'put') {
        const last = rows.reduce<OutboxRow | undefined>((a, r) => (!a || r.created_at >= a.created_at ? r : a), undefined)
        if (last && last.state === 'pending' && last.attempts === 0 && last.op === 'put' && last.user_id === currentUser) {
          const merged: OutboxRow = { ...last, data: m.data, media: [...new Set([...last.media, ...(m.media ?? [])])], client_time: at }
          await database.outbox.put(merged)
          return merged
        }
      }
      // The version the server will have once every row still on its way has applied.
      const expected = (synced?.version ?? 0) + rows.filter(onItsWay).length
      base = expected === 0 ? null : expected
    }
    const row: OutboxRow = {
      id: uuidv7(now().getTime()),
      entity: m.entity,
      entity_id: m.entity_id,
      op: m.op,
      base_version: base,
      data: m.data,
      media: m.media ?? [],
      state: 'pending',
      attempts: 0,
      user_id: currentUser,
      created_at: at,
      client_time: at,
    }
    await database.outbox.add(row)
    return row
  }
}

/**
 * Runs `fn` in one read-write transaction over the repository's `tables` plus the outbox, records and
 * media tables; `fn` writes its local change and calls `enqueue` for the mutation. Both commit or neither.
 */
export async function writeWithOutbox<T>(
  tables: Table<any, any>[],
  fn: (enqueue: Enqueue) => Promise<T>,
  database: LastmileDB = defaultDb,
  now: () => Date = () => new Date(),
): Promise<T> {
  const result = await database.transaction('rw', [database.outbox, database.records, database.media, ...tables], () => fn(enqueueIn(database, now)))
  writeListeners.forEach((l) => l())
  return result
}

/** Keeps a photo on the device until it is uploaded (the hash is what records reference). */
export async function saveMedia(hash: string, blob: Blob, database: LastmileDB = defaultDb): Promise<void> {
  const existing = await database.media.get(hash)
  if (!existing) await database.media.put({ hash, blob, uploaded: 0, created_at: new Date().toISOString() })
}
