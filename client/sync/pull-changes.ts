// Brings the server's change log onto the device: each page is applied to the synced copies and the
// cursor advanced in ONE transaction, so a crash mid-pull simply repeats a page (changes are versioned).
import { PullResponse, type Change } from '#domain/sync.ts'
import type { LastmileDB } from '../db/database.ts'
import type { EngineDeps } from './types.ts'
import { ServerError } from './types.ts'
import { readAnswer, syncFetch } from './sync-fetch.ts'
import { emitRecordsChanged, type RecordChange } from './records-changed.ts'
import { resetScope } from './reset-scope.ts'
import { applySyncedCopy } from './apply-synced-copy.ts'

async function cursorOf(db: LastmileDB): Promise<string> {
  const c = await db.meta.get('cursor')
  return typeof c?.value === 'string' ? c.value : '0'
}

async function applyPage(deps: EngineDeps, changes: Change[], cursor: string): Promise<RecordChange[]> {
  const { db, now } = deps
  const applied: RecordChange[] = []
  await db.transaction('rw', db.records, db.meta, async () => {
    for (const c of changes) {
      const copy = { entity: c.entity, entity_id: c.entity_id, version: c.version, record: c.op === 'delete' ? null : c.record }
      if (await applySyncedCopy(db, copy, now)) applied.push(copy)
    }
    await db.meta.put({ key: 'cursor', value: cursor })
  })
  return applied
}

export async function pullChanges(deps: EngineDeps): Promise<number> {
  const user = deps.userId()
  if (!user) return 0
  await resetScope(deps.db, user)
  let cursor = await cursorOf(deps.db)
  let count = 0
  for (;;) {
    const res = await syncFetch(deps, `/api/sync/pull?since=${encodeURIComponent(cursor)}&limit=${deps.pullLimit ?? 500}`)
    if (!res.ok) throw new ServerError(res.status)
    const page = await readAnswer(res, PullResponse)
    await emitRecordsChanged(await applyPage(deps, page.changes, page.cursor))
    count += page.changes.length
    cursor = page.cursor
    if (!page.more) return count
  }
}
