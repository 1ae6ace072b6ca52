// Communities are reference data of a subdistrict; every module filters by them.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'

export function listCommunities(db: Kysely<DB>, subdistrictId: string) {
  return db.selectFrom('communities').select(['id', 'name', 'center_lat', 'center_lng']).where('subdistrict_id', '=', subdistrictId).orderBy('id').execute()
}
