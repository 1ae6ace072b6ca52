// Counts for the SyncState badge: what is still to send, what waits for the user.
import type { LastmileDB } from '../db/database.ts'

export async function countOutbox(db: LastmileDB): Promise<{ pending: number; conflicts: number; rejected: number }> {
  const [pending, syncing, conflicts, rejected] = await Promise.all(
    (['pending', 'syncing', 'conflict', 'rejected'] as const).map((s) => db.outbox.where('state').equals(s).count()),
  )
  return { pending: (pending ?? 0) + (syncing ?? 0), conflicts: conflicts ?? 0, rejected: rejected ?? 0 }
}
