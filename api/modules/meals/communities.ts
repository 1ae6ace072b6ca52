// The subdistrict's communities as the meals services need them: names for the reports, and a check
// that a subscriber or pickup point names one that exists.
import type { Db } from '../../db/handle.ts'
import { fieldProblem } from '../../http/problem.ts'

export async function communityNames(db: Db, subdistrictId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('communities').select(['id', 'name']).where('subdistrict_id', '=', subdistrictId).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function assertCommunity(db: Db, subdistrictId: string, communityId: string, path = 'community_id'): Promise<void> {
  const names = await communityNames(db, subdistrictId)
  if (!names.has(communityId)) throw fieldProblem('community_unknown', path)
}
