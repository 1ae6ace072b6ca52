// The operator list per subdistrict: rows in patrol_operators when the office has configured them,
// otherwise the generic defaults, so a fresh deployment can count vehicles from the first day.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { DEFAULT_OPERATORS, type Operator } from '#domain/patrol/operators.ts'
import { txMemo } from '../../../db/tx-memo.ts'

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
export function knownOperatorIds(db: Kysely<DB>, subdistrictId: string): Promise<ReadonlySet<string>> {
  return txMemo(db, `operator-ids:${subdistrictId}`, async () => {
    const rows = await db.selectFrom('patrol_operators').select('id').where('subdistrict_id', '=', subdistrictId).execute()
    return new Set(rows.length ? rows.map((r) => r.id) : DEFAULT_OPERATORS.map((o) => o.id))
  })
}

export async function seedOperators(db: Kysely<DB>, subdistrictId: string, operators: readonly Operator[] = DEFAULT_OPERATORS): Promise<void> {
  await db
    .insertInto('patrol_operators')
    .values(operators.map((o) => ({ subdistrict_id: subdistrictId, ...o, active: 1 })))
    .execute()
}

/** Replaces the active list; ids left out are retired, never deleted (their old counts stay valid). */
export async function replaceOperators(db: Kysely<DB>, subdistrictId: string, operators: readonly Operator[]): Promise<Operator[]> {
  await db.transaction().execute(async (tx) => {
    // A subdistrict still on the defaults keeps their ids known once it configures its own list.
    const existing = await tx.selectFrom('patrol_operators').select('id').where('subdistrict_id', '=', subdistrictId).execute()
    if (existing.length === 0) await seedOperators(tx, subdistrictId)
    await tx.updateTable('patrol_operators').set({ active: 0 }).where('subdistrict_id', '=', subdistrictId).execute()
    for (const o of operators) {
      await tx
        .insertInto('patrol_operators')
        .values({ subdistrict_id: subdistrictId, ...o, active: 1 })
        .onConflict((oc) => oc.columns(['subdistrict_id', 'id']).doUpdateSet({ name: o.name, kind: o.kind, sort_order: o.sort_order, active: 1 }))
        .execute()
    }
  })
  return listOperators(db, subdistrictId)
}
