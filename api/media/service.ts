// Photo upload and download. Devices name a photo by the SHA-256 of the bytes they send; the server
// strips metadata and stores the result content-addressed by ITS hash (stored_hash), keeping the
// device's hash → stored_hash mapping in media_objects. Records keep referencing the device's hash.
import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Deps, SessionUser } from '../http/context.ts'
import { fieldProblem, notFound, ProblemError, refused } from '../http/problem.ts'
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from '#domain/sync.ts'
import { DamagedImageError, stripMetadata } from './strip.ts'
import { tooManyPixels } from './dimensions.ts'

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

export async function findMedia(deps: Deps, subdistrictId: string, hash: string) {
  return deps.db
    .selectFrom('media_objects')
    .select(['stored_hash', 'content_type', 'size'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('hash', '=', hash)
    .executeTakeFirst()
}

/** One uploaded file: the device's name for it (its SHA-256), the type it declared, the bytes. */
export interface Upload {
  hash: string
  declaredType: string | undefined
  body: Uint8Array
}

/** Per upload: true = stored now or restored (201), false = already there, nothing rewritten (200), or why it was refused. */
export type UploadOutcome = boolean | ProblemError

const MEDIA_CODES: Record<number, string> = { 400: 'media_hash_mismatch', 413: 'media_too_large', 415: 'media_not_image' }
/** The machine-readable reason for a refused upload (the codes the device already knows from a single PUT). */
export const refusalCode = (e: ProblemError) => MEDIA_CODES[e.status] ?? 'media_refused'

/** What is checked before the database is asked anything: size, declared type, and that the bytes are the hash. */
function checkUpload(u: Upload): void {
  if (u.body.length > MEDIA_MAX_BYTES) throw refused(413, 'media_too_big')
  const declared = u.declaredType?.split(';')[0]?.trim().toLowerCase()
  if (!declared || !(MEDIA_TYPES as readonly string[]).includes(declared)) throw refused(415, 'media_not_image')
  if (sha256Hex(u.body) !== u.hash) throw fieldProblem('media_hash_mismatch', 'sha256')
}

/** What is stored for a new upload: pixel limit from the header, then the metadata strip, which also decides the real type by magic bytes. */
function strippedCopy(body: Uint8Array, knownHash: string): { type: string; bytes: Uint8Array; storedHash: string } {
  // A pixel-count limit read from the header, before anything decodes or rewrites the image.
  if (tooManyPixels(body)) throw refused(413, 'media_too_many_pixels')
  let stripped
  try {
    stripped = stripMetadata(body)
  } catch (err) {
    if (err instanceof DamagedImageError) throw refused(415, 'media_damaged')
    throw err
  }
  if (!stripped) throw refused(415, 'media_not_image')
  // A device re-encodes its photos without metadata: when the strip found nothing to drop, the stored
  // bytes are the uploaded ones, whose hash was just checked.
  const unchanged = Buffer.from(stripped.bytes.buffer, stripped.bytes.byteOffset, stripped.bytes.length).equals(body)
  return { type: stripped.type, bytes: stripped.bytes, storedHash: unchanged ? knownHash : sha256Hex(stripped.bytes) }
}

/**
 * Stores uploads, each under the same rules, idempotently by hash: one look-up for the hashes already
 * known and one insert for the new ones, however many there are. A refused upload stores nothing and
 * does not affect the others.
 */
export async function storeUploads(deps: Deps, user: Pick<SessionUser, 'subdistrict_id' | 'id'>, uploads: Upload[]): Promise<UploadOutcome[]> {
  const out: UploadOutcome[] = uploads.map((u) => {
    try {
      checkUpload(u)
      return true
    } catch (e) {
      if (e instanceof ProblemError) return e
      throw e
    }
  })
  const checked = [...new Set(uploads.filter((_, i) => out[i] === true).map((u) => u.hash))]
  const rows =
    checked.length === 0
      ? []
      : await deps.db
          .selectFrom('media_objects')
          .select(['hash', 'stored_hash'])
          .where('subdistrict_id', '=', user.subdistrict_id)
          .where('hash', 'in', checked)
          .execute()
  // A row whose file is gone (lost disk, partial restore) is not "already stored": the upload restores it.
  const present = await Promise.all(rows.map((r) => deps.media.has(r.stored_hash)))
  const known = new Set(rows.filter((_, i) => present[i]).map((r) => r.hash))
  const lost = new Map(rows.filter((_, i) => !present[i]).map((r) => [r.hash, r.stored_hash]))
  const fresh = new Map<string, { type: string; bytes: Uint8Array; storedHash: string }>()
  uploads.forEach((u, i) => {
    if (out[i] !== true) return
    // Already stored (before, or earlier in this same request): 200, nothing rewritten.
    if (known.has(u.hash) || fresh.has(u.hash)) {
      out[i] = false
      return
    }
    try {
      fresh.set(u.hash, strippedCopy(u.body, u.hash))
    } catch (e) {
      if (e instanceof ProblemError) out[i] = e
      else throw e
    }
  })
  if (fresh.size === 0) return out
  // Content-addressed: storing bytes already there (the same photo under another device hash, which is
  // rare) replaces them with themselves, atomically in both stores, so no existence check first.
  const files = new Map([...fresh.values()].map((f) => [f.storedHash, f.bytes]))
  await Promise.all([...files].map(([storedHash, bytes]) => deps.media.put(storedHash, bytes)))
  if (lost.size) {
    deps.logger.log('warn', 'media_restored', { files: lost.size })
    // The strip may have changed since the row was written: the row follows the file now stored.
    for (const [hash, storedHash] of lost) {
      const f = fresh.get(hash)
      if (f && f.storedHash !== storedHash)
        await deps.db
          .updateTable('media_objects')
          .set({ stored_hash: f.storedHash, size: f.bytes.length, content_type: f.type })
          .where('subdistrict_id', '=', user.subdistrict_id)
          .where('hash', '=', hash)
          .execute()
    }
  }
  const at = deps.now().toISOString()
  await deps.db
    .insertInto('media_objects')
    .values(
      [...fresh].map(([hash, f]) => ({
        subdistrict_id: user.subdistrict_id,
        hash,
        stored_hash: f.storedHash,
        content_type: f.type,
        size: f.bytes.length,
        uploaded_by: user.id,
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['subdistrict_id', 'hash']).doNothing())
    .execute()
  return out
}

/** Stores one upload; returns false when it was already there (idempotent: nothing rewritten). */
export async function putMedia(deps: Deps, user: SessionUser, hash: string, declaredType: string | undefined, body: Uint8Array): Promise<boolean> {
  const [outcome] = await storeUploads(deps, user, [{ hash, declaredType, body }])
  if (outcome instanceof ProblemError) throw outcome
  return outcome!
}

export async function getMedia(deps: Deps, user: SessionUser, hash: string): Promise<{ type: string; bytes: Uint8Array }> {
  const row = await findMedia(deps, user.subdistrict_id, hash)
  const bytes = row ? await deps.media.get(row.stored_hash) : undefined
  if (!row || !bytes) throw notFound('media_missing')
  for (const m of deps.modules) if ((await m.mediaAccess?.(deps.db, user, hash)) === false) throw notFound('media_missing')
  return { type: row.content_type, bytes }
}

/** For entity handlers: every referenced photo must have been uploaded first. */
export async function missingMedia(db: Kysely<DB> | Transaction<DB>, subdistrictId: string, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return []
  const rows = await db.selectFrom('media_objects').select('hash').where('subdistrict_id', '=', subdistrictId).where('hash', 'in', hashes).execute()
  const have = new Set(rows.map((r) => r.hash))
  return hashes.filter((h) => !have.has(h))
}
