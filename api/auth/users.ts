// Creating and finding users: one service used by the admin API, the CLI and the demo seed.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { UserCreate, UserSummary } from '#domain/auth.ts'
import { fieldProblem, fieldsProblem } from '../http/problem.ts'
import { hashPassword } from './password.ts'
import { passwordProblem } from './password-strength.ts'
import { audit } from '../audit/audit.ts'
import { inTransaction } from '../db/handle.ts'

export async function createUser(
  db: Kysely<DB>,
  subdistrictId: string,
  input: UserCreate,
  now: Date,
  passwordHash?: string,
  actorId: string | null = null,
): Promise<UserSummary> {
  const taken = await db.selectFrom('users').select('id').where('subdistrict_id', '=', subdistrictId).where('username', '=', input.username).executeTakeFirst()
  if (taken) {
    throw fieldProblem('username_taken', 'username', { status: 409 })
  }
  if (input.community_ids.length) {
    const known = await db.selectFrom('communities').select('id').where('subdistrict_id', '=', subdistrictId).where('id', 'in', input.community_ids).execute()
    const missing = input.community_ids.filter((id) => !known.some((k) => k.id === id))
    if (missing.length) {
      throw fieldsProblem(
        missing.map((id) => ({ path: 'community_ids', key: 'community_unknown_named', params: { id } })),
        { detail: 'community_unknown' },
      )
    }
  }
  // A new password (not a seeded hash) must pass the strength rules.
  const weak = passwordHash ? undefined : passwordProblem(input.password, input)
  if (weak) throw fieldProblem(weak, 'password')
  const id = input.id ?? uuidv7(now.getTime())
  const hash = passwordHash ?? (await hashPassword(input.password))
  const created_at = now.toISOString()
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('users')
      .values({
        subdistrict_id: subdistrictId,
        id,
        username: input.username,
        display_name: input.display_name,
        role: input.role,
        password_hash: hash,
        disabled: 0,
        created_at,
      })
      .execute()
    for (const community_id of input.community_ids) {
      await tx.insertInto('user_communities').values({ subdistrict_id: subdistrictId, user_id: id, community_id }).execute()
    }
    // Audit log: the new account, without its password.
    await audit(tx, {
      actor: { id: actorId, subdistrict_id: subdistrictId },
      action: 'create',
      entity: 'user',
      entity_id: id,
      after: { username: input.username, display_name: input.display_name, role: input.role, community_ids: input.community_ids },
      at: now,
    })
  })
  return {
    id,
    username: input.username,
    display_name: input.display_name,
    role: input.role,
    community_ids: input.community_ids,
    disabled: false,
    totp_enrolled: false,
    created_at,
  }
}

export async function listUsers(db: Kysely<DB>, subdistrictId: string): Promise<UserSummary[]> {
  const users = await db.selectFrom('users').selectAll().where('subdistrict_id', '=', subdistrictId).orderBy('username').execute()
  const links = await db.selectFrom('user_communities').selectAll().where('subdistrict_id', '=', subdistrictId).execute()
  const enrolled = new Set(
    (await db.selectFrom('user_totp').select('user_id').where('subdistrict_id', '=', subdistrictId).where('confirmed_at', 'is not', null).execute()).map(
      (r) => r.user_id,
    ),
  )
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    role: u.role as UserSummary['role'],
    community_ids: links.filter((l) => l.user_id === u.id).map((l) => l.community_id),
    disabled: Boolean(u.disabled),
    totp_enrolled: enrolled.has(u.id),
    created_at: u.created_at,
  }))
}

export async function findUsersByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).where('disabled', '=', 0).execute()
}
