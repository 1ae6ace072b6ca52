// How the device groups photos waiting for upload: up to MEDIA_BATCH_MAX_FILES per POST /api/media/batch
// and MEDIA_BATCH_MAX_BYTES in all, in the order they were taken, sent MEDIA_UPLOAD_CONCURRENCY at a time.
// Pure (no Dexie, no fetch), so the ingest benchmark sends exactly what a device sends.
import { MEDIA_BATCH_MAX_BYTES, MEDIA_BATCH_MAX_FILES } from '#domain/media.ts'

/** Requests in flight at once while uploading: enough to keep the server busy, few enough for a phone on 4G. */
export const MEDIA_UPLOAD_CONCURRENCY = 4

/** Room kept per file for its multipart framing (boundary, Content-Disposition with a 64-character name, Content-Type). */
const PART_FRAMING_BYTES = 512

/** Consecutive groups within both limits; a photo too big to share a request is a group of its own (sent by PUT). */
export function planMediaBatches<T extends { size: number }>(items: readonly T[]): T[][] {
  const groups: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const cost = item.size + PART_FRAMING_BYTES
    if (current.length > 0 && (current.length >= MEDIA_BATCH_MAX_FILES || bytes + cost > MEDIA_BATCH_MAX_BYTES)) {
      groups.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += cost
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/**
 * Runs `task` over `items` with at most `limit` at once. The first failure stops new tasks from
 * starting; the ones already running finish, then that failure is thrown.
 */
export async function inPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed: { error: unknown } | undefined
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!
      try {
        await task(item)
      } catch (error) {
        failed ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failed) throw failed.error
}
