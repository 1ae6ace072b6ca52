// "Retry now" on a rejected item, optionally with the user's fix: the row goes back to pending under a
// NEW mutation id (the server remembers its verdict for the old one). Other states just wait for the run.
import type { LastmileDB } from '../db/database.ts'
import { uuidv7 } from '#domain/ids.ts'

export async function retryMutation(
  db: LastmileDB,
  id: string,
  fixedData?: Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<string | undefined> {
  return db.transaction('rw', db.outbox, db.media, async () => {
    const row = await db.outbox.get(id)
    if (!row || row.state !== 'rejected') return row?.id
    // A refused photo may be retried too (e.g. after the server's limit was raised).
    for (const h of row.media) {
      const m = await db.media.get(h)
      if (m?.refused) await db.media.update(h, { refused: undefined })
    }
    const next = {
      ...row,
      id: uuidv7(now().getTime()),
      data: fixedData ?? row.data,
      state: 'pending' as const,
      attempts: 0,
      reason: undefined,
      errors: undefined,
      client_time: now().toISOString(),
    }
    await db.outbox.delete(id)
    await db.outbox.add(next)
    return next.id
  })
}
