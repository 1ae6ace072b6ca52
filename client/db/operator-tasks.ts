// The operator's phone: the last task list kept for offline use, the clearing photos until saved, and
// a clearing written to the outbox (with its photos as media rows) in one Dexie transaction, so it
// survives a reload and reaches the server through the shared sync engine like an inspector's report.
import type { ClearingInput, OperatorTask } from '#domain/patrol/operator-tasks.ts'
import { db, type LastmileDB } from './database.ts'
import { saveMedia, writeWithOutbox } from './outbox.ts'
import { readView, type Synced } from './synced-view.ts'

export const CLEARING_ENTITY = 'operator_clearing'
const TASKS_KEY = 'operator.tasks'
const photoKey = (hash: string) => `operator.photo.${hash}`

export async function cachedTasks(database: LastmileDB = db): Promise<OperatorTask[] | undefined> {
  return (await database.kv.get(TASKS_KEY))?.value as OperatorTask[] | undefined
}
export async function cacheTasks(tasks: OperatorTask[], database: LastmileDB = db): Promise<void> {
  await database.kv.put({ key: TASKS_KEY, value: tasks })
}

/** A photo taken for a clearing waits under kv; only a saved clearing hands it to the uploader. */
export async function keepPhoto(hash: string, blob: Blob, database: LastmileDB = db): Promise<void> {
  await database.kv.put({ key: photoKey(hash), value: blob })
}
export async function dropPhoto(hash: string, database: LastmileDB = db): Promise<void> {
  await database.kv.delete(photoKey(hash))
}
export async function clearingPhoto(hash: string, database: LastmileDB = db): Promise<Blob | undefined> {
  return ((await database.kv.get(photoKey(hash)))?.value as Blob | undefined) ?? (await database.media.get(hash))?.blob
}

/** Saves a clearing: its photos become media rows and the mutation is queued, together. */
export async function queueClearing(id: string, data: ClearingInput, database: LastmileDB = db): Promise<void> {
  await writeWithOutbox(
    [database.kv],
    async (enqueue) => {
      for (const h of data.photos) {
        const row = await database.kv.get(photoKey(h))
        if (row) await saveMedia(h, row.value as Blob, database)
        await database.kv.delete(photoKey(h))
      }
      await enqueue({ entity: CLEARING_ENTITY, entity_id: id, op: 'put', data: { ...data }, media: data.photos })
    },
    database,
  )
}

/** Clearings still on this device (pending, syncing, or rejected with a reason). */
export function queuedClearings(database: LastmileDB = db): Promise<Synced<ClearingInput>[]> {
  return readView<ClearingInput>({ entity: CLEARING_ENTITY, local: null, synced: false }, database)
}
