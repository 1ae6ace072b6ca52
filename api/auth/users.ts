// Creating and finding users: one service used by the admin API, the CLI and the demo seed.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { UserCreate, UserSummary, UserUpdate } from '#domain/auth.ts'
import { conflict, fieldProblem, fieldsProblem, notFound } from '../http/problem.ts'
import { hashPassword } from './password.ts'
import { randomInt } from 'node:crypto'
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
  await checkCommunities(db, subdistrictId, input.community_ids)
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

/** Refuses community ids this subdistrict does not have, one field error per id. */
async function checkCommunities(db: Kysely<DB>, subdistrictId: string, ids: string[]) {
  if (!ids.length) return
  const known = await db.selectFrom('communities').select('id').where('subdistrict_id', '=', subdistrictId).where('id', 'in', ids).execute()
  const missing = ids.filter((id) => !known.some((k) => k.id === id))
  if (missing.length) {
    throw fieldsProblem(
      missing.map((id) => ({ path: 'community_ids', key: 'community_unknown_named', params: { id } })),
      { detail: 'community_unknown' },
    )
  }
}

/** Everything that lets a user in without the password: sessions, a pending sign-in, device PINs. */
async function endAccess(tx: Kysely<DB>, subdistrictId: string, userId: string, opts: { pins: boolean }) {
  await tx.deleteFrom('sessions').where('subdistrict_id', '=', subdistrictId).where('user_id', '=', userId).execute()
  await tx.deleteFrom('login_challenges').where('subdistrict_id', '=', subdistrictId).where('user_id', '=', userId).execute()
  if (opts.pins) await tx.deleteFrom('device_pins').where('subdistrict_id', '=', subdistrictId).where('user_id', '=', userId).execute()
}

async function userRow(db: Kysely<DB>, subdistrictId: string, id: string) {
  const row = await db.selectFrom('users').selectAll().where('subdistrict_id', '=', subdistrictId).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('user_unknown')
  const links = await db.selectFrom('user_communities').select('community_id').where('subdistrict_id', '=', subdistrictId).where('user_id', '=', id).execute()
  return { ...row, community_ids: links.map((l) => l.community_id).sort() }
}

/**
 * An admin's change to a user. Disabling ends the user's sessions, pending sign-in and device PINs; a
 * new role ends their sessions (the device signs in again and learns what it may do). Communities
 * apply from the next request, so sessions stay. An admin cannot disable or demote themselves.
 */
export async function updateUser(
  db: Kysely<DB>,
  actor: { id: string; subdistrict_id: string },
  id: string,
  input: UserUpdate,
  now: Date,
): Promise<UserSummary> {
  const sub = actor.subdistrict_id
  const old = await userRow(db, sub, id)
  if (id === actor.id && ((input.disabled ?? false) || (input.role !== undefined && input.role !== old.role))) throw conflict('user_self_lockout')
  const communities = input.community_ids ? [...new Set(input.community_ids)].sort() : undefined
  if (communities) await checkCommunities(db, sub, communities)
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const note = (k: string, from: unknown, to: unknown) => {
    if (to === undefined || JSON.stringify(from) === JSON.stringify(to)) return
    before[k] = from
    after[k] = to
  }
  note('display_name', old.display_name, input.display_name)
  note('role', old.role, input.role)
  note('community_ids', old.community_ids, communities)
  note('disabled', Boolean(old.disabled), input.disabled)
  if (Object.keys(after).length) {
    await db.transaction().execute(async (tx) => {
      const set = {
        ...('display_name' in after ? { display_name: input.display_name! } : {}),
        ...('role' in after ? { role: input.role! } : {}),
        ...('disabled' in after ? { disabled: input.disabled ? 1 : 0 } : {}),
      }
      if (Object.keys(set).length) await tx.updateTable('users').set(set).where('subdistrict_id', '=', sub).where('id', '=', id).execute()
      if (communities && 'community_ids' in after) {
        await tx.deleteFrom('user_communities').where('subdistrict_id', '=', sub).where('user_id', '=', id).execute()
        if (communities.length)
          await tx
            .insertInto('user_communities')
            .values(communities.map((community_id) => ({ subdistrict_id: sub, user_id: id, community_id })))
            .execute()
      }
      if (after.disabled === true) await endAccess(tx, sub, id, { pins: true })
      else if ('role' in after) await endAccess(tx, sub, id, { pins: false })
      const action = 'disabled' in after ? (after.disabled ? 'disable' : 'enable') : 'update'
      await audit(tx, {
        actor,
        action,
        entity: 'user',
        entity_id: id,
        before: { username: old.username, ...before },
        after: { username: old.username, ...after },
        at: now,
      })
    })
  }
  const summary = (await listUsers(db, sub)).find((u) => u.id === id)
  if (!summary) throw notFound('user_unknown')
  return summary
}

/** Letters and digits that cannot be mistaken for one another when read out or copied from paper. */
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** Three groups of four: about 59 bits, typed once and then replaced. */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('')
  return `${group()}-${group()}-${group()}`
}

/**
 * An admin's password reset: a temporary password that opens only the change-password step, and only
 * once (it stops working when a session is opened with it). Every session, pending sign-in and device
 * PIN of the user ends.
 */
export async function resetPassword(db: Kysely<DB>, actor: { id: string; subdistrict_id: string }, id: string, now: Date): Promise<string> {
  const sub = actor.subdistrict_id
  if (id === actor.id) throw conflict('user_self_lockout')
  const user = await userRow(db, sub, id)
  const temporary = temporaryPassword()
  const hash = await hashPassword(temporary)
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: 1 }).where('subdistrict_id', '=', sub).where('id', '=', id).execute()
    await endAccess(tx, sub, id, { pins: true })
    await audit(tx, { actor, action: 'password_reset', entity: 'user', entity_id: id, after: { username: user.username, must_change: true }, at: now })
  })
  return temporary
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
