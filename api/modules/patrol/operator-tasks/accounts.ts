// Operator accounts: the party an operator account works for (everything it sees is that party's), the
// admin's list of operator accounts and their links, and linking an account to a party (audited).
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import type { OperatorAccount } from '#domain/patrol/operator-tasks.ts'
import { fieldProblem, notFound } from '../../../http/problem.ts'
import { audit } from '../../../audit/audit.ts'

type Db = Kysely<DB> | Transaction<DB>

/** The party an operator account works for, with its operator id (the key of a report's counts). */
export interface OperatorParty {
  party_id: string
  name: string
  operator_id: string | null
}

export async function partyOfUser(db: Db, sd: string, userId: string): Promise<OperatorParty | undefined> {
  const row = await db
    .selectFrom('patrol_operator_accounts as a')
    .innerJoin('patrol_parties as p', (j) => j.onRef('p.subdistrict_id', '=', 'a.subdistrict_id').onRef('p.id', '=', 'a.party_id'))
    .select(['p.id', 'p.name', 'p.operator_id'])
    .where('a.subdistrict_id', '=', sd)
    .where('a.user_id', '=', userId)
    .executeTakeFirst()
  return row ? { party_id: row.id, name: row.name, operator_id: row.operator_id } : undefined
}

/** The signed-in operator's party; an account not linked to one sees nothing (404 for everything). */
export async function requireParty(db: Db, user: SessionUser): Promise<OperatorParty & { operator_id: string }> {
  const party = await partyOfUser(db, user.subdistrict_id, user.id)
  if (!party?.operator_id) throw notFound('operator_no_party')
  return { ...party, operator_id: party.operator_id }
}

/** Every account with role operator and the party it works for, by username (for the admin's links). */
export async function listOperatorAccounts(db: Db, sd: string): Promise<OperatorAccount[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('patrol_operator_accounts as a', (j) => j.onRef('a.subdistrict_id', '=', 'u.subdistrict_id').onRef('a.user_id', '=', 'u.id'))
    .leftJoin('patrol_parties as p', (j) => j.onRef('p.subdistrict_id', '=', 'a.subdistrict_id').onRef('p.id', '=', 'a.party_id'))
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'p.id as party_id', 'p.name as party_name'])
    .where('u.subdistrict_id', '=', sd)
    .where('u.role', '=', 'operator')
    .orderBy('u.username')
    .execute()
  return rows.map((r) => ({
    user_id: r.id,
    username: r.username,
    display_name: r.display_name,
    disabled: Number(r.disabled) === 1,
    party_id: r.party_id ?? null,
    party_name: r.party_name ?? null,
  }))
}

/** Links an operator account to a party with an operator id (replacing an earlier link). */
export async function linkAccount(db: Kysely<DB>, sd: string, userId: string, partyId: string, now: Date, by: string | null = null): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'role']).where('subdistrict_id', '=', sd).where('id', '=', userId).executeTakeFirst()
  if (!user || user.role !== 'operator') throw fieldProblem('user_unknown', 'user_id', { status: 404 })
  const party = await db
    .selectFrom('patrol_parties')
    .select(['id', 'operator_id'])
    .where('subdistrict_id', '=', sd)
    .where('id', '=', partyId)
    .executeTakeFirst()
  if (!party) throw fieldProblem('party_unknown', 'party_id', { status: 404 })
  if (!party.operator_id) throw fieldProblem('operator_party_not_operator', 'party_id', { status: 422 })
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('patrol_operator_accounts').where('subdistrict_id', '=', sd).where('user_id', '=', userId).execute()
    await tx.insertInto('patrol_operator_accounts').values({ subdistrict_id: sd, user_id: userId, party_id: partyId, created_at: now.toISOString() }).execute()
    await audit(tx, {
      actor: { id: by, subdistrict_id: sd },
      action: 'operator.link',
      entity: 'user',
      entity_id: userId,
      after: { party_id: partyId },
      at: now,
    })
  })
}
