// The outbox: every local change a repository makes is written together with its mutation row in ONE
// Dexie transaction, so a change can never exist on the device without the intent to send it.
import type { Table } from 'dexie'
import type { SyncOp } from '#domain/sync.ts'
import type { FieldError } from '#domain/messages.ts'
import { uuidv7 } from '#domain/ids.ts'
import { db as defaultDb, type LastmileDB } from './database.ts'
import type { MediaRow, MetaRow, OutboxRow, OutboxState, SyncedRecordRow } from './rows.ts'

export type { MediaRow, MetaRow, OutboxRow, OutboxState, SyncedRecordRow }

/** What a person sees about a record's way to the server: `synced` once no outbox row is left. */
export type SyncState = 'synced' | OutboxState
export interface ItemSync {
  state: SyncState
  reason?: string
  errors?: FieldError[]
}

/** Worst state first: what the user most needs to see about an item. */
const RANK: Record<SyncState, number> = { rejected: 4, conflict: 3, syncing: 2, pending: 1, synced: 0 }

/** The sync state of one record from its outbox rows. */
export function syncStateOf(rows: readonly Pick<OutboxRow, 'state' | 'reason' | 'errors'>[]): ItemSync {
  let best: ItemSync = { state: 'synced' }
  for (const r of rows) {
    if (RANK[r.state] > RANK[best.state]) best = { state: r.state, ...(r.reason ? { reason: r.reason } : {}), ...(r.errors ? { errors: r.errors } : {}) }
  }
  return best
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
