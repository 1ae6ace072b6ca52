// Modules that keep their own local tables (patrol's reports, …) hear here when the server's copy of a
// record arrived: after a push was applied, a pull, or "take theirs" in a conflict.
export interface RecordChange {
  entity: string
  entity_id: string
  version: number
  /** null: deleted on the server. */
  record: unknown
}

const listeners = new Set<(changes: RecordChange[]) => void | Promise<void>>()

export function onRecordsChanged(fn: (changes: RecordChange[]) => void | Promise<void>): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** Called by the engine after the records table was updated (never inside a Dexie transaction). */
export async function emitRecordsChanged(changes: RecordChange[]): Promise<void> {
  if (changes.length === 0) return
  for (const l of listeners) {
    try {
      await l(changes)
    } catch {
      // A listener's failure must not stop syncing; the records table already holds the truth.
    }
  }
}
