// Which photos an operator may open: the ones they uploaded, the photos of the reports behind their own
// tasks and their party's clearing photos. Anything else is unknown to them (404), like another party's task.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { parseJson } from '../problems.ts'
import { partyOfUser } from './accounts.ts'

/** undefined for every other role (this module has no opinion); for an operator, whether the photo is theirs to see. */
export async function operatorMayReadMedia(db: Kysely<DB>, user: SessionUser, hash: string): Promise<boolean | undefined> {
  if (user.role !== 'operator') return undefined
  const sd = user.subdistrict_id
  const own = await db
    .selectFrom('media_objects')
    .select('hash')
    .where('subdistrict_id', '=', sd)
    .where('hash', '=', hash)
    .where('uploaded_by', '=', user.id)
    .executeTakeFirst()
  if (own) return true
  const party = await partyOfUser(db, sd, user.id)
  if (!party) return false
  const tasks = await db
    .selectFrom('patrol_operator_tasks')
    .select(['report_id', 'clear_photos'])
    .where('subdistrict_id', '=', sd)
    .where('party_id', '=', party.party_id)
    .execute()
  if (tasks.some((t) => parseJson<string[]>(t.clear_photos, []).includes(hash))) return true
  const reportIds = [...new Set(tasks.map((t) => t.report_id))]
  if (!reportIds.length) return false
  const reports = await db.selectFrom('patrol_reports').select('photos').where('subdistrict_id', '=', sd).where('id', 'in', reportIds).execute()
  return reports.some((r) => parseJson<string[]>(r.photos, []).includes(hash))
}
