// Photos go up before the mutations that reference them (DESIGN §4), idempotently by hash: a repeat
// upload answers 200 and rewrites nothing. A refused file marks the mutations using it as rejected.
import type { EngineDeps } from './types.ts'
import { syncFetch } from './sync-fetch.ts'

const REFUSED: Record<number, string> = {
  400: 'media_hash_mismatch',
  413: 'media_too_large',
  415: 'media_not_image',
}

export async function uploadMedia(deps: EngineDeps): Promise<number> {
  const { db } = deps
  const waiting = await db.media.where('uploaded').equals(0).filter((m) => !m.refused).toArray()
  let uploaded = 0
  for (const m of waiting) {
    const res = await syncFetch(deps, `/api/media/${m.hash}`, { method: 'PUT', body: m.blob, contentType: m.blob.type || 'image/jpeg' })
    if (res.ok) {
      await db.media.update(m.hash, { uploaded: 1 })
      uploaded++
      continue
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string }
    const reason = problem.detail ?? REFUSED[res.status] ?? `HTTP ${res.status}`
    await db.transaction('rw', db.media, db.outbox, async () => {
      await db.media.update(m.hash, { refused: reason })
      // The user's data stays; only the state says why it cannot go as it is.
      await db.outbox
        .filter((r) => r.media.includes(m.hash) && (r.state === 'pending' || r.state === 'syncing'))
        .modify({ state: 'rejected', reason, errors: [{ path: 'media', message: reason, code: REFUSED[res.status] ?? 'media_refused' }] })
    })
  }
  return uploaded
}
