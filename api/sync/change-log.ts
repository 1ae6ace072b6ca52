// The monotonic change log devices pull from. seq comes from a per-subdistrict counter row that is
// incremented inside the writing transaction: its row lock makes seq order equal commit order on
// PostgreSQL (a reader never sees seq 6 before seq 5 commits), and SQLite serialises writers anyway.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { SyncOp } from '#domain/sync.ts'

export interface LoggedChange {
  entity: string
  entity_id: string
  community_id: string | null
  op: SyncOp
  version: number
  record: unknown
}

/**
 * A push transaction's seq counter, held in memory: after lockCounter no other writer can take a seq of
 * the subdistrict until this transaction ends, so the counter row is read once (by the lock statement),
 * counted here, and written back once by closeSeqCursor before commit, instead of one upsert per change.
 */
interface SeqCursor {
  seq: number
  /** The seq the row holds: closeSeqCursor writes only when `seq` moved past it. */
  stored: number
}
const cursors = new WeakMap<object, Map<string, SeqCursor>>()

/**
 * Starts counting the subdistrict's seqs in memory for this transaction (takes the counter lock first;
 * nothing to do when the cursor is open already). The seq is the one the lock statement read, unless a
 * seq was taken since: then it is read again.
 */
export async function openSeqCursor(tx: Transaction<DB>, subdistrictId: string): Promise<void> {
  if (cursors.get(tx)?.has(subdistrictId)) return
  const locked = await lockCounter(tx, subdistrictId)
  const seq =
    locked >= 0
      ? locked
      : (counterLocked.get(tx)?.get(subdistrictId) ??
        Number((await tx.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', subdistrictId).executeTakeFirstOrThrow()).seq))
  const map = cursors.get(tx) ?? new Map<string, SeqCursor>()
  map.set(subdistrictId, { seq, stored: seq })
  cursors.set(tx, map)
}

/** Where the cursor stands, to go back to it when a savepoint is rolled back (its change rows are gone too). */
export function seqMark(tx: Transaction<DB>, subdistrictId: string): number | undefined {
  return cursors.get(tx)?.get(subdistrictId)?.seq
}

export function seqRewind(tx: Transaction<DB>, subdistrictId: string, mark: number | undefined): void {
  const c = cursors.get(tx)?.get(subdistrictId)
  if (c && mark !== undefined) c.seq = mark
}

/** Writes the counted seq back to the counter row (one statement, only if any was taken) and ends the cursor. */
export async function closeSeqCursor(tx: Transaction<DB>, subdistrictId: string): Promise<void> {
  await seqCursorWrite(tx, subdistrictId)?.execute()
}

/**
 * Ends the cursor and answers the statement that writes the counted seq back to the counter row (none
 * when no seq was taken), for the caller to send with the transaction's other writes.
 */
export function seqCursorWrite(tx: Transaction<DB>, subdistrictId: string) {
  const c = cursors.get(tx)?.get(subdistrictId)
  if (!c) return undefined
  cursors.get(tx)!.delete(subdistrictId)
  if (c.seq === c.stored) return undefined
  forgetLockedSeq(tx, subdistrictId)
  return counterWrite(tx, subdistrictId, c.seq)
}

/** The statement that writes a seq back to the counter row. */
export const counterWrite = (db: Transaction<DB> | Kysely<DB>, subdistrictId: string, seq: number) =>
  db.updateTable('sync_counters').set({ seq }).where('subdistrict_id', '=', subdistrictId)

/** The subdistrict's next seq: from the transaction's cursor when it has one, else one upsert of the counter row. */
export async function nextSeq(tx: Transaction<DB> | Kysely<DB>, subdistrictId: string): Promise<number> {
  const c = cursors.get(tx)?.get(subdistrictId)
  if (c) return ++c.seq
  forgetLockedSeq(tx, subdistrictId)
  // One upsert statement (SQLite ≥ 3.35 and PostgreSQL alike): the first change creates the row.
  const row = await tx
    .insertInto('sync_counters')
    .values({ subdistrict_id: subdistrictId, seq: 1 })
    .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet((eb) => ({ seq: eb('sync_counters.seq', '+', 1) })))
    .returning('seq')
    .executeTakeFirstOrThrow()
  return Number(row.seq)
}

/** The change_log row of one change with its seq (push buffers these and inserts a batch's rows at once). */
export function changeRow(subdistrictId: string, seq: number, change: LoggedChange, at: Date) {
  return {
    subdistrict_id: subdistrictId,
    seq,
    entity: change.entity,
    entity_id: change.entity_id,
    community_id: change.community_id,
    op: change.op,
    version: change.version,
    record: change.op === 'delete' ? null : JSON.stringify(change.record ?? null),
    at: at.toISOString(),
  }
}

/**
 * Appends one change; call it inside the transaction that made the change. Modules that change
 * synced records outside a push (e.g. a coordinator closing a report over plain REST) call it too,
 * so devices pull those changes as well.
 */
export async function appendChange(tx: Transaction<DB>, subdistrictId: string, change: LoggedChange, at: Date): Promise<number> {
  const seq = await nextSeq(tx, subdistrictId)
  await tx
    .insertInto('change_log')
    .values(changeRow(subdistrictId, seq, change, at))
    .execute()
  return seq
}

/** The statement that takes the counter row lock (and reads the seq): creates the row, or "updates" it to itself. */
export const counterLock = (db: Transaction<DB> | Kysely<DB>, subdistrictId: string) =>
  db
    .insertInto('sync_counters')
    .values({ subdistrict_id: subdistrictId, seq: 0 })
    .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet((eb) => ({ seq: eb.ref('sync_counters.seq') })))
    .returning('seq')

// Transactions that already hold a subdistrict's counter lock (a later call in the same one is free),
// with the seq their lock statement read (undefined once the transaction took a seq past it).
const counterLocked = new WeakMap<object, Map<string, number | undefined>>()

/**
 * Records that the transaction holds the subdistrict's counter lock, taken by a statement of its own that
 * also read something else (on PostgreSQL, one round trip for both), with the seq that statement read.
 */
export function counterLockTaken(tx: Transaction<DB> | Kysely<DB>, subdistrictId: string, seq: number): void {
  if (!tx.isTransaction) return
  counterLocked.set(tx, (counterLocked.get(tx) ?? new Map<string, number | undefined>()).set(subdistrictId, seq))
}

/** Whether the transaction holds the subdistrict's counter lock already. */
export const holdsCounter = (tx: Transaction<DB> | Kysely<DB>, subdistrictId: string) => counterLocked.get(tx)?.has(subdistrictId) ?? false

function forgetLockedSeq(tx: Transaction<DB> | Kysely<DB>, subdistrictId: string): void {
  const held = counterLocked.get(tx)
  if (held?.has(subdistrictId)) held.set(subdistrictId, undefined)
}

/**
 * Takes the subdistrict's counter row lock without consuming a seq. Every push transaction calls it
 * FIRST, and so does the hotspot step for any other writer (Open311), so concurrent writers of one
 * subdistrict queue here in one order and never hold entity or hotspot rows while waiting for each
 * other (the deadlock the hotspot merge step used to hit). Call it outside any savepoint: a rolled-back
 * savepoint would release the lock while this transaction still believes it holds it.
 * SQLite: the first statement is a write, so the transaction starts as a writer and waits in busy_timeout.
 * Answers the counter's seq when it took the lock (-1 when this transaction held it already).
 */
export async function lockCounter(tx: Transaction<DB> | Kysely<DB>, subdistrictId: string): Promise<number> {
  if (holdsCounter(tx, subdistrictId)) return -1
  const row = await counterLock(tx, subdistrictId).executeTakeFirstOrThrow()
  counterLockTaken(tx, subdistrictId, Number(row.seq))
  return Number(row.seq)
}
