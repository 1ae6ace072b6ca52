// Photo upload and download. Devices name a photo by the SHA-256 of the bytes they send; the server
// strips metadata and stores the result content-addressed by ITS hash (stored_hash), keeping the
// device's hash → stored_hash mapping in media_objects. Records keep referencing the device's hash.
import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Deps, SessionUser } from '../http/context.ts'
import { ProblemError } from '../http/problem.ts'
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from '../domain/sync.ts'
import { DamagedImageError, stripMetadata } from './strip.ts'
import { tooManyPixels } from './dimensions.ts'

export const MEDIA_MSG = {
  too_big: { 'zh-CN': '图片不能超过 8 MB', en: 'Images may be at most 8 MB' },
  not_image: { 'zh-CN': '只接受 JPEG、PNG 或 WebP 图片', en: 'Only JPEG, PNG or WebP images are accepted' },
  damaged: { 'zh-CN': '图片文件已损坏', en: 'The image file is damaged' },
  hash: { 'zh-CN': '图片内容与其校验值不符', en: 'The image does not match its SHA-256' },
  missing: { 'zh-CN': '图片不存在', en: 'No such image' },
  too_many_pixels: { 'zh-CN': '图片像素过多（最多 5000 万像素）', en: 'The image has too many pixels (at most 50 megapixels)' },
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

export async function findMedia(deps: Deps, subdistrictId: string, hash: string) {
  return deps.db
    .selectFrom('media_objects')
    .select(['stored_hash', 'content_type', 'size'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('hash', '=', hash)
    .executeTakeFirst()
}

/** Stores an upload; returns false when it was already there (idempotent: nothing rewritten). */
export async function putMedia(deps: Deps, user: SessionUser, hash: string, declaredType: string | undefined, body: Uint8Array): Promise<boolean> {
  if (body.length > MEDIA_MAX_BYTES) throw new ProblemError(413, MEDIA_MSG.too_big)
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase()
  if (!declared || !(MEDIA_TYPES as readonly string[]).includes(declared)) throw new ProblemError(415, MEDIA_MSG.not_image)
  if (sha256Hex(body) !== hash) throw new ProblemError(400, MEDIA_MSG.hash, { errors: [{ path: 'sha256', message: MEDIA_MSG.hash.en, code: 'hash_mismatch' }] })
  if (await findMedia(deps, user.subdistrict_id, hash)) return false
  // Issue 8: a pixel-count limit read from the header, before anything decodes or rewrites the image.
  if (tooManyPixels(body)) throw new ProblemError(413, MEDIA_MSG.too_many_pixels)
  let stripped
  try {
    stripped = stripMetadata(body)
  } catch (err) {
    if (err instanceof DamagedImageError) throw new ProblemError(415, MEDIA_MSG.damaged)
    throw err
  }
  if (!stripped) throw new ProblemError(415, MEDIA_MSG.not_image)
  const storedHash = sha256Hex(stripped.bytes)
  if (!(await deps.media.has(storedHash))) await deps.media.put(storedHash, stripped.bytes)
  await deps.db
    .insertInto('media_objects')
    .values({
      subdistrict_id: user.subdistrict_id,
      hash,
      stored_hash: storedHash,
      content_type: stripped.type,
      size: stripped.bytes.length,
      uploaded_by: user.id,
      created_at: deps.now().toISOString(),
    })
    .onConflict((oc) => oc.columns(['subdistrict_id', 'hash']).doNothing())
    .execute()
  return true
}

export async function getMedia(deps: Deps, user: SessionUser, hash: string): Promise<{ type: string; bytes: Uint8Array }> {
  const row = await findMedia(deps, user.subdistrict_id, hash)
  const bytes = row ? await deps.media.get(row.stored_hash) : undefined
  if (!row || !bytes) throw new ProblemError(404, MEDIA_MSG.missing)
  return { type: row.content_type, bytes }
}

/** For entity handlers: every referenced photo must have been uploaded first (DESIGN §4). */
export async function missingMedia(db: Kysely<DB> | Transaction<DB>, subdistrictId: string, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return []
  const rows = await db
    .selectFrom('media_objects')
    .select('hash')
    .where('subdistrict_id', '=', subdistrictId)
    .where('hash', 'in', hashes)
    .execute()
  const have = new Set(rows.map((r) => r.hash))
  return hashes.filter((h) => !have.has(h))
}
