// Open311 api_keys: made and revoked by the admin, stored only as SHA-256, checked on every POST.
// A key acts for the admin who made it, within that admin's subdistrict.
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex')

export async function createOpen311Key(db: Kysely<DB>, sd: string, input: { id?: string; name: string; key?: string; created_by: string }, at: Date) {
  const key = input.key ?? randomBytes(24).toString('base64url')
  const id = input.id ?? uuidv7(at.getTime())
  await db
    .insertInto('open311_keys')
    .values({ subdistrict_id: sd, id, name: input.name, key_hash: hashKey(key), created_by: input.created_by, created_at: at.toISOString(), revoked_at: null })
    .execute()
  return { id, name: input.name, key, created_at: at.toISOString() }
}

export async function listOpen311Keys(db: Kysely<DB>, sd: string) {
  return db.selectFrom('open311_keys').select(['id', 'name', 'created_at', 'revoked_at']).where('subdistrict_id', '=', sd).orderBy('created_at').execute()
}

export async function revokeOpen311Key(db: Kysely<DB>, sd: string, id: string, at: Date): Promise<boolean> {
  const res = await db
    .updateTable('open311_keys')
    .set({ revoked_at: at.toISOString() })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

/** The live key's owner, or undefined for a missing, unknown or revoked key. */
export async function verifyOpen311Key(db: Kysely<DB>, key: string | undefined) {
  if (!key || key.length > 200) return undefined
  return db
    .selectFrom('open311_keys')
    .select(['subdistrict_id', 'created_by'])
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
}
