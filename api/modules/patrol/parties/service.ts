// Parties (organisations at the table) for one subdistrict: list with masked phones, one with full
// phones for the office, create and update with optimistic versions. Plain REST: only the office edits.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { uuidv7 } from '#domain/ids.ts'
import { maskParty, type Party, type PartyInput, type PartyKind } from '#domain/patrol/parties.ts'
import { parseJson } from '../problems.ts'
import type { PatrolPartiesTable } from '../agreements/tables.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { inTransaction } from '../../../db/handle.ts'

export function partyOf(row: PatrolPartiesTable): Party {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as PartyKind,
    operator_id: row.operator_id,
    contacts: parseJson(row.contacts, []),
    note: row.note,
    updated_at: row.updated_at,
    version: Number(row.version),
  }
}

export async function listParties(db: Kysely<DB>, user: SessionUser): Promise<Party[]> {
  const rows = await db.selectFrom('patrol_parties').selectAll().where('subdistrict_id', '=', user.subdistrict_id).orderBy('kind').orderBy('name').execute()
  return rows.map((r) => maskParty(partyOf(r)))
}

export async function getParty(db: Kysely<DB>, user: SessionUser, id: string): Promise<Party | undefined> {
  const row = await db.selectFrom('patrol_parties').selectAll().where('subdistrict_id', '=', user.subdistrict_id).where('id', '=', id).executeTakeFirst()
  return row ? partyOf(row) : undefined
}

export async function savePartyRow(db: Kysely<DB>, user: SessionUser, input: PartyInput, now: Date, id?: string, baseVersion?: number): Promise<Party> {
  const sd = user.subdistrict_id
  const at = now.toISOString()
  const columns = {
    name: input.name,
    kind: input.kind,
    operator_id: input.operator_id,
    contacts: JSON.stringify(input.contacts),
    note: input.note,
    updated_at: at,
  }
  return inTransaction(db, async (tx) => {
    const dup = await tx.selectFrom('patrol_parties').select('id').where('subdistrict_id', '=', sd).where('name', '=', input.name).executeTakeFirst()
    if (dup && dup.id !== (id ?? input.id)) throw fieldProblem('party_name_taken', 'name', { status: 409 })
    if (id) {
      const current = await tx.selectFrom('patrol_parties').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
      if (!current) throw fieldProblem('party_unknown', '', { status: 404 })
      if (baseVersion !== undefined && Number(current.version) !== baseVersion) throw fieldProblem('party_stale', 'version', { status: 409 })
      const version = Number(current.version) + 1
      await tx
        .updateTable('patrol_parties')
        .set({ ...columns, version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', id)
        .execute()
      return partyOf({ ...current, ...columns, version })
    }
    const row = { subdistrict_id: sd, id: input.id ?? uuidv7(now.getTime()), ...columns, created_at: at, version: 1 }
    const exists = await tx.selectFrom('patrol_parties').select('id').where('subdistrict_id', '=', sd).where('id', '=', row.id).executeTakeFirst()
    if (exists) throw fieldProblem('party_stale', 'id', { status: 409 })
    await tx.insertInto('patrol_parties').values(row).execute()
    return partyOf(row)
  })
}
