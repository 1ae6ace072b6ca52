// The operator list per subdistrict: rows in patrol_operators when the office has configured them,
// otherwise the generic defaults, so a fresh deployment can count vehicles from the first day.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { DEFAULT_OPERATORS, type Operator } from '../../domain/patrol/operators.ts'

export async function listOperators(db: Kysely<DB>, subdistrictId: string): Promise<Operator[]> {
  const rows = await db
    .selectFrom('patrol_operators')
    .select(['id', 'name', 'kind', 'sort_order'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('active', '=', 1)
    .orderBy('sort_order')
    .orderBy('id')
    .execute()
  if (rows.length === 0) return DEFAULT_OPERATORS
  return rows.map((r) => ({ ...r, kind: r.kind as Operator['kind'] }))
}

/** Every id a count may use: active or retired (a retired operator's old counts stay valid). */
export async function knownOperatorIds(db: Kysely<DB>, subdistrictId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('patrol_operators').select('id').where('subdistrict_id', '=', subdistrictId).execute()
  return new Set(rows.length ? rows.map((r) => r.id) : DEFAULT_OPERATORS.map((o) => o.id))
}

export async function seedOperators(db: Kysely<DB>, subdistrictId: string, operators: readonly Operator[] = DEFAULT_OPERATORS): Promise<void> {
  await db
    .insertInto('patrol_operators')
    .values(operators.map((o) => ({ subdistrict_id: subdistrictId, ...o, active: 1 })))
    .execute()
}
