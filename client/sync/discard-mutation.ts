// Drops one outbox item for good — only ever called after the user confirmed it (the page asks).
// A photo no other item references is dropped with it.
import type { LastmileDB } from '../db/database.ts'

export async function discardMutation(db: LastmileDB, id: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, db.media, async () => {
    const row = await db.outbox.get(id)
    if (!row || row.state === 'syncing') return false
    await db.outbox.delete(id)
    for (const h of row.media) {
      const stillUsed = await db.outbox.filter((r) => r.media.includes(h)).count()
      if (!stillUsed) await db.media.delete(h)
    }
    return true
  })
}
