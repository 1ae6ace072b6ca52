// The second sign-in step: roles in TOTP_REQUIRED_ROLES, and anyone who has enrolled, prove
// a TOTP code (RFC 6238) or a single-use recovery code after the password. Between the two steps the
// device holds a short-lived `lm_login` cookie; like sessions, only its hash is stored. A first sign-in
// enrols: a new secret (QR code on the device), confirmed by the first valid code, which also issues
// ten recovery codes shown once. Failed codes count towards the same per-username throttle as wrong
// passwords, and a pending sign-in dies after five wrong codes or five minutes.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Deps } from '../http/context.ts'
import { conflict, fieldProblem, refused } from '../http/problem.ts'
import { audit } from '../audit/audit.ts'
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, verifyTotp } from './totp.ts'
import { clear, hit, peek } from './throttle.ts'
import { newCookieSecret, parseCookie } from './sessions.ts'
import { LOGIN_LIMIT_PER_PAIR, LOGIN_LIMIT_PER_USERNAME, loginKeys, loginThrottled, startSession, type SignInUser } from './session-start.ts'
import type { Role, SecondFactorResult, TotpEnrolment } from '#domain/auth.ts'

export const LOGIN_COOKIE = 'lm_login'
export const CHALLENGE_MINUTES = 5
export const CHALLENGE_MAX_ATTEMPTS = 5

export type SecondFactor = 'totp' | 'enrol'

/** What this user must do after the password: nothing, enter a code, or set up an authenticator first. */
export async function secondFactorFor(deps: Deps, user: { subdistrict_id: string; id: string; role: Role }): Promise<SecondFactor | null> {
  const row = await deps.db
    .selectFrom('user_totp')
    .select('confirmed_at')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  if (row?.confirmed_at) return 'totp'
  return deps.env.TOTP_REQUIRED_ROLES.includes(user.role) ? 'enrol' : null
}

/** Opens the pending sign-in; returns the `lm_login` cookie value. */
export async function openChallenge(deps: Deps, user: { subdistrict_id: string; id: string }): Promise<string> {
  const now = deps.now()
  const { cookie, id } = newCookieSecret(user.subdistrict_id)
  // One pending sign-in per user: a new password step replaces an older one.
  await deps.db.deleteFrom('login_challenges').where('subdistrict_id', '=', user.subdistrict_id).where('user_id', '=', user.id).execute()
  await deps.db
    .insertInto('login_challenges')
    .values({
      subdistrict_id: user.subdistrict_id,
      id,
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
      attempts: 0,
    })
    .execute()
  return cookie
}

interface Challenge {
  subdistrict_id: string
  id: string
  user: SignInUser
}

async function loadChallenge(deps: Deps, cookie: string | undefined): Promise<Challenge> {
  const ref = parseCookie(cookie)
  if (!ref) throw refused(401, 'sign_in_challenge_gone')
  const { subdistrictId, id } = ref
  const row = await deps.db
    .selectFrom('login_challenges as c')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'c.subdistrict_id').onRef('u.id', '=', 'c.user_id'))
    .select(['c.expires_at', 'c.attempts', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.disabled'])
    .where('c.subdistrict_id', '=', subdistrictId)
    .where('c.id', '=', id)
    .executeTakeFirst()
  if (!row || row.disabled || row.expires_at <= deps.now().toISOString() || row.attempts >= CHALLENGE_MAX_ATTEMPTS) {
    if (row) await deleteChallenge(deps.db, subdistrictId, id)
    throw refused(401, 'sign_in_challenge_gone')
  }
  return {
    subdistrict_id: subdistrictId,
    id,
    user: { subdistrict_id: subdistrictId, id: row.id, username: row.username, display_name: row.display_name, role: row.role as Role },
  }
}

async function deleteChallenge(db: Kysely<DB>, subdistrictId: string, id: string) {
  await db.deleteFrom('login_challenges').where('subdistrict_id', '=', subdistrictId).where('id', '=', id).execute()
}

/** Enrolment, step 1: a fresh secret for a user who has none confirmed (a repeated call shows the same one). */
export async function startEnrolment(deps: Deps, cookie: string | undefined): Promise<TotpEnrolment> {
  const { user } = await loadChallenge(deps, cookie)
  const key = { subdistrict_id: user.subdistrict_id, user_id: user.id }
  const row = await deps.db
    .selectFrom('user_totp')
    .select(['secret', 'confirmed_at'])
    .where('subdistrict_id', '=', key.subdistrict_id)
    .where('user_id', '=', key.user_id)
    .executeTakeFirst()
  if (row?.confirmed_at) throw conflict('totp_already_enrolled')
  let secret = row?.secret
  if (!secret) {
    secret = newTotpSecret()
    await deps.db
      .insertInto('user_totp')
      .values({ ...key, secret, confirmed_at: null, last_step: null, created_at: deps.now().toISOString() })
      .execute()
  }
  const sub = await deps.db.selectFrom('subdistricts').select('name').where('id', '=', user.subdistrict_id).executeTakeFirst()
  const account = `${user.username}@${sub?.name ?? user.subdistrict_id}`
  return { secret, otpauth_uri: otpauthUri(secret, account, '最后一公里 Lastmile'), account }
}

const isRecoveryCode = (code: string) => !/^\d{6}$/.test(code)

/** The code step: checks the code, ends the pending sign-in and opens the session. */
export async function completeSecondFactor(deps: Deps, cookie: string | undefined, code: string, ip: string): Promise<SecondFactorResult & { cookie: string }> {
  const { db } = deps
  const now = deps.now()
  const challenge = await loadChallenge(deps, cookie)
  const { user } = challenge
  // Wrong codes count like wrong passwords: against this address and the username overall.
  const keys = loginKeys(user.username, ip)
  const pairState = await peek(db, '*', keys.pair, LOGIN_LIMIT_PER_PAIR, now)
  const userState = await peek(db, '*', keys.user, LOGIN_LIMIT_PER_USERNAME, now)
  for (const state of [pairState, userState]) if (!state.allowed) throw loginThrottled(state.retryAfterSeconds)

  // Reserve this attempt before checking the code, atomically, so parallel guesses on one pending
  // sign-in cannot exceed the five it allows.
  const reserved = await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('subdistrict_id', '=', challenge.subdistrict_id)
    .where('id', '=', challenge.id)
    .where('attempts', '<', CHALLENGE_MAX_ATTEMPTS)
    .returning('attempts')
    .executeTakeFirst()
  if (!reserved) throw refused(401, 'sign_in_challenge_gone')

  const totp = await db.selectFrom('user_totp').selectAll().where('subdistrict_id', '=', user.subdistrict_id).where('user_id', '=', user.id).executeTakeFirst()
  if (!totp) throw conflict('totp_enrol_first')
  const enrolling = !totp.confirmed_at
  const actor = { id: user.id, subdistrict_id: user.subdistrict_id }

  let ok = false
  /** The right code, but its step was already used: the user waits for the next one rather than retyping. */
  let replayed = false
  let recoveryCodes: string[] | undefined
  if (isRecoveryCode(code)) {
    // Recovery codes stand in for an enrolled authenticator only, never for the enrolment itself.
    if (!enrolling) {
      ok = await db.transaction().execute(async (tx) => {
        const used = await tx
          .updateTable('user_recovery_codes')
          .set({ used_at: now.toISOString() })
          .where('subdistrict_id', '=', user.subdistrict_id)
          .where('user_id', '=', user.id)
          .where('code_hash', '=', hashRecoveryCode(code))
          .where('used_at', 'is', null)
          .executeTakeFirst()
        if (Number(used.numUpdatedRows) !== 1) return false
        const left = await tx
          .selectFrom('user_recovery_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('subdistrict_id', '=', user.subdistrict_id)
          .where('user_id', '=', user.id)
          .where('used_at', 'is', null)
          .executeTakeFirstOrThrow()
        await audit(tx, { actor, action: 'recovery_code_used', entity: 'user', entity_id: user.id, after: { unused_codes_left: Number(left.n) }, at: now })
        return true
      })
    }
  } else {
    const check = verifyTotp(totp.secret, code, now, totp.last_step)
    replayed = check.reason === 'replayed'
    if (check.ok) {
      ok = await db.transaction().execute(async (tx) => {
        // Conditional on the step so two requests racing with one code cannot both pass (no replay).
        const claimed = await tx
          .updateTable('user_totp')
          .set({ last_step: check.step!, ...(enrolling ? { confirmed_at: now.toISOString() } : {}) })
          .where('subdistrict_id', '=', user.subdistrict_id)
          .where('user_id', '=', user.id)
          .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', check.step!)]))
          .executeTakeFirst()
        if (Number(claimed.numUpdatedRows) !== 1) {
          replayed = true
          return false
        }
        if (enrolling) {
          const fresh = newRecoveryCodes()
          await tx.deleteFrom('user_recovery_codes').where('subdistrict_id', '=', user.subdistrict_id).where('user_id', '=', user.id).execute()
          await tx
            .insertInto('user_recovery_codes')
            .values(fresh.hashes.map((code_hash) => ({ subdistrict_id: user.subdistrict_id, user_id: user.id, code_hash, used_at: null })))
            .execute()
          await audit(tx, {
            actor,
            action: 'totp_enrolled',
            entity: 'user',
            entity_id: user.id,
            after: { second_factor: 'totp', codes_issued: fresh.codes.length },
            at: now,
          })
          recoveryCodes = fresh.codes
        }
        return true
      })
    }
  }

  if (!ok) {
    await hit(db, '*', keys.pair, LOGIN_LIMIT_PER_PAIR, now)
    await hit(db, '*', keys.user, LOGIN_LIMIT_PER_USERNAME, now)
    deps.logger.log('info', 'login_second_factor_failed', { user_id: user.id })
    if (reserved.attempts >= CHALLENGE_MAX_ATTEMPTS) {
      await deleteChallenge(db, challenge.subdistrict_id, challenge.id)
      throw refused(401, 'sign_in_challenge_gone')
    }
    throw fieldProblem(replayed ? 'totp_used' : 'totp_wrong', 'code')
  }

  await deleteChallenge(db, challenge.subdistrict_id, challenge.id)
  await clear(db, '*', keys.pair)
  const session = await startSession(deps, user)
  return { cookie: session.cookie, me: session.me, ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}) }
}

/** Admin: forget a user's authenticator and recovery codes (lost phone); they enrol again at next sign-in. */
export async function resetSecondFactor(deps: Deps, actor: { id: string; subdistrict_id: string }, userId: string): Promise<boolean> {
  return deps.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'username'])
      .where('subdistrict_id', '=', actor.subdistrict_id)
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!user) return false
    const had = await tx
      .selectFrom('user_totp')
      .select('confirmed_at')
      .where('subdistrict_id', '=', actor.subdistrict_id)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    await tx.deleteFrom('user_totp').where('subdistrict_id', '=', actor.subdistrict_id).where('user_id', '=', userId).execute()
    await tx.deleteFrom('user_recovery_codes').where('subdistrict_id', '=', actor.subdistrict_id).where('user_id', '=', userId).execute()
    await tx.deleteFrom('login_challenges').where('subdistrict_id', '=', actor.subdistrict_id).where('user_id', '=', userId).execute()
    // Sessions opened with the lost device end too.
    await tx.deleteFrom('sessions').where('subdistrict_id', '=', actor.subdistrict_id).where('user_id', '=', userId).execute()
    await audit(tx, {
      actor,
      action: 'totp_reset',
      entity: 'user',
      entity_id: userId,
      before: { username: user.username, second_factor: had?.confirmed_at ? 'totp' : 'none' },
      after: { username: user.username, second_factor: 'none' },
      at: deps.now(),
    })
    return true
  })
}

/** Demo and test setup: a confirmed authenticator with a known secret and known recovery codes. */
export async function enrolKnownSecret(db: Kysely<DB>, subdistrictId: string, userId: string, secret: string, recoveryCodes: string[], now: Date) {
  await db
    .insertInto('user_totp')
    .values({ subdistrict_id: subdistrictId, user_id: userId, secret, confirmed_at: now.toISOString(), last_step: null, created_at: now.toISOString() })
    .execute()
  if (recoveryCodes.length) {
    await db
      .insertInto('user_recovery_codes')
      .values(recoveryCodes.map((c) => ({ subdistrict_id: subdistrictId, user_id: userId, code_hash: hashRecoveryCode(c), used_at: null })))
      .execute()
  }
}
