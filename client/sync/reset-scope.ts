// Pulled copies belong to one user's scope (an inspector sees only their communities). When another
// user signs in on this device, the copies and the cursor start afresh — before anything is pushed,
// so copies stored by that user's own pushes are never wiped. The outbox is never touched here.
import type { LastmileDB } from '../db/database.ts'

export async function resetScope(db: LastmileDB, user: string): Promise<boolean> {
  return db.transaction('rw', db.meta, db.records, async () => {
    const scope = await db.meta.get('cursor_user')
    if (scope?.value === user) return false
    await db.records.clear()
    await db.meta.bulkPut([
      { key: 'cursor_user', value: user },
      { key: 'cursor', value: '0' },
    ])
    return true
  })
}
