// Photos go up before the mutations that reference them, idempotently by hash: a repeat
// upload answers 200 and rewrites nothing. A refused file marks the mutations using it as rejected.
// Several photos travel in one POST /api/media/batch (media-batches.ts says how many), a few requests
// at a time; a photo alone, or a server without the batch route, uses PUT /api/media/:sha256.
import type { EngineDeps } from './types.ts'
import type { MediaRow } from '../db/outbox.ts'
import { MediaBatchAnswer } from '#domain/sync.ts'
import { readAnswer, readProblem, syncFetch } from './sync-fetch.ts'
import { inPool, MEDIA_UPLOAD_CONCURRENCY, planMediaBatches } from './media-batches.ts'

const REFUSED: Record<number, string> = {
  400: 'media_hash_mismatch',
  413: 'media_too_large',
  415: 'media_not_image',
}

export async function uploadMedia(deps: EngineDeps): Promise<number> {
  const { db } = deps
  const waiting = await db.media
    .where('uploaded')
    .equals(0)
    .filter((m) => !m.refused)
    .toArray()
  let uploaded = 0
  // Set once the server answers that it has no batch route (an older server during an update).
  let singlesOnly = false

  const markUploaded = async (hashes: string[]) => {
    if (hashes.length === 0) return
    await db.media.where('hash').anyOf(hashes).modify({ uploaded: 1 })
    uploaded += hashes.length
  }

  const refuse = async (m: MediaRow, status: number, detail: string | undefined, code: string | undefined) => {
    const reason = detail ?? REFUSED[status] ?? `HTTP ${status}`
    await db.transaction('rw', db.media, db.outbox, async () => {
      await db.media.update(m.hash, { refused: reason })
      // The user's data stays; only the state says why it cannot go as it is.
      await db.outbox
        .filter((r) => r.media.includes(m.hash) && (r.state === 'pending' || r.state === 'syncing'))
        .modify({ state: 'rejected', reason, errors: [{ path: 'media', message: reason, code: code ?? REFUSED[status] ?? 'media_refused' }] })
    })
  }

  const putOne = async (m: MediaRow) => {
    const res = await syncFetch(deps, `/api/media/${m.hash}`, { method: 'PUT', body: m.blob, contentType: m.blob.type || 'image/jpeg' })
    if (res.ok) return markUploaded([m.hash])
    await refuse(m, res.status, (await readProblem(res))?.detail, undefined)
  }

  const sendGroup = async (group: { m: MediaRow }[]) => {
    if (group.length === 1 || singlesOnly) {
      for (const { m } of group) await putOne(m)
      return
    }
    const form = new FormData()
    // A blob without a type would arrive as application/octet-stream: name the type the device saved.
    for (const { m } of group) form.append(m.hash, m.blob.type ? m.blob : new Blob([m.blob], { type: 'image/jpeg' }), m.hash)
    const res = await syncFetch(deps, '/api/media/batch', { method: 'POST', form })
    if (!res.ok) {
      // No batch route (404/405), or the request as a whole was refused: each photo on its own says why.
      if (res.status === 404 || res.status === 405) singlesOnly = true
      await res.body?.cancel()
      for (const { m } of group) await putOne(m)
      return
    }
    const { results } = await readAnswer(res, MediaBatchAnswer)
    const done: string[] = []
    for (const [i, { m }] of group.entries()) {
      const r = results[i]
      // A result that does not answer this photo leaves it waiting for the next run.
      if (!r || r.sha256 !== m.hash) continue
      if (r.status === 200 || r.status === 201) done.push(m.hash)
      else await refuse(m, r.status, r.detail, r.code)
    }
    await markUploaded(done)
  }

  const groups = planMediaBatches(waiting.map((m) => ({ m, size: m.blob.size })))
  await inPool(groups, MEDIA_UPLOAD_CONCURRENCY, sendGroup)
  return uploaded
}
