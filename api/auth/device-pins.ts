// Quick user switching on a shared desk computer. After a full sign-in a counter worker may set a PIN
// for this device; the sign-in page then lists the workers with a PIN here and asks only the PIN. The
// device is known by a random secret in its `lm_device` cookie (only its SHA-256 is stored, like
// sessions), so a PIN works only where it was set. Wrong PINs are limited per device and user; the
// PIN is stored as an argon2id hash. Disabling a user or resetting their password removes their PINs.
import type { Deps, SessionUser } from '../http/context.ts'
import type { PinUser, Role } from '#domain/auth.ts'
import { fieldProblem, forbidden, refused } from '../http/problem.ts'
import { hashPassword, verifyPassword } from './password.ts'
import { newCookieSecret, parseCookie } from './sessions.ts'
import { clear, reserve, type Limit } from './throttle.ts'
import { loginThrottled, startSession } from './session-start.ts'
import { audit } from '../audit/audit.ts'

export const DEVICE_COOKIE = 'lm_device'
/** Roles that may set a PIN: the staff who share one desk computer. */
export const PIN_ROLES: readonly Role[] = ['counter']
/** Wrong PINs for one user on one device before the PIN is locked for the rest of the window. */
export const PIN_LIMIT: Limit = { max: 5, windowSeconds: 15 * 60 }

/** Too easy to guess: one digit repeated, or a run up or down (1234, 9876). */
export function weakPin(pin: string): boolean {
  const d = [...pin].map(Number)
  const steps = new Set(d.slice(1).map((x, i) => x - d[i]!))
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!)
}

/** The device a cookie names, or undefined for no or a malformed cookie. */
function deviceOf(cookie: string | undefined) {
  return parseCookie(cookie)
}

/** Sets (or replaces) the signed-in user's PIN on this device; returns a new device cookie when the device had none. */
export async function setPin(deps: Deps, user: SessionUser, deviceCookie: string | undefined, pin: string): Promise<{ cookie?: string }> {
  if (!PIN_ROLES.includes(user.role)) throw forbidden('pin_role_not_allowed')
  if (user.must_change_password) throw forbidden('password_change_required')
  if (weakPin(pin)) throw fieldProblem('pin_weak', 'pin')
  let device = deviceOf(deviceCookie)
  let cookie: string | undefined
  if (!device || device.subdistrictId !== user.subdistrict_id) {
    const fresh = newCookieSecret(user.subdistrict_id)
    device = { subdistrictId: user.subdistrict_id, id: fresh.id }
    cookie = fresh.cookie
  }
  const now = deps.now()
  const pin_hash = await hashPassword(pin)
  const key = { subdistrict_id: user.subdistrict_id, device_id: device.id, user_id: user.id }
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('device_pins')
      .where('subdistrict_id', '=', key.subdistrict_id)
      .where('device_id', '=', key.device_id)
      .where('user_id', '=', key.user_id)
      .execute()
    await tx
      .insertInto('device_pins')
      .values({ ...key, pin_hash, created_at: now.toISOString(), last_used_at: null })
      .execute()
    await audit(tx, { actor: user, action: 'pin_set', entity: 'user', entity_id: user.id, after: { username: user.username }, at: now })
  })
  return { cookie }
}

/** Removes the signed-in user's PIN from this device. */
export async function removePin(deps: Deps, user: SessionUser, deviceCookie: string | undefined): Promise<void> {
  const device = deviceOf(deviceCookie)
  if (!device) return
  await deps.db
    .deleteFrom('device_pins')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('device_id', '=', device.id)
    .where('user_id', '=', user.id)
    .execute()
}

/** The users who set a PIN on this device (enabled accounts only), by name. */
export async function pinUsers(deps: Deps, deviceCookie: string | undefined): Promise<PinUser[]> {
  const device = deviceOf(deviceCookie)
  if (!device) return []
  return deps.db
    .selectFrom('device_pins as p')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'p.subdistrict_id').onRef('u.id', '=', 'p.user_id'))
    .select(['u.id', 'u.display_name', 'u.username'])
    .where('p.subdistrict_id', '=', device.subdistrictId)
    .where('p.device_id', '=', device.id)
    .where('u.disabled', '=', 0)
    .orderBy('u.display_name')
    .execute()
}

/** Signs a user in with their PIN on this device: a new session, as after a full sign-in. */
export async function signInWithPin(deps: Deps, deviceCookie: string | undefined, userId: string, pin: string) {
  const device = deviceOf(deviceCookie)
  if (!device) throw refused(401, 'pin_gone')
  const { db } = deps
  const now = deps.now()
  const row = await db
    .selectFrom('device_pins as p')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'p.subdistrict_id').onRef('u.id', '=', 'p.user_id'))
    .select(['p.pin_hash', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.disabled', 'u.subdistrict_id'])
    .where('p.subdistrict_id', '=', device.subdistrictId)
    .where('p.device_id', '=', device.id)
    .where('p.user_id', '=', userId)
    .executeTakeFirst()
  if (!row || row.disabled || !PIN_ROLES.includes(row.role as Role)) throw refused(401, 'pin_gone')
  // Counted before the PIN is checked, so parallel guesses cannot overrun the limit.
  const key = `pin:${device.id}:${userId}`
  const state = await reserve(db, device.subdistrictId, key, PIN_LIMIT, now)
  if (!state.allowed) throw loginThrottled(state.retryAfterSeconds, 'pin_throttled_for')
  if (!(await verifyPassword(pin, row.pin_hash))) {
    deps.logger.log('info', 'pin_failed', { user_id: userId })
    throw fieldProblem('pin_wrong', 'pin', { status: 401 })
  }
  await clear(db, device.subdistrictId, key)
  await db
    .updateTable('device_pins')
    .set({ last_used_at: now.toISOString() })
    .where('subdistrict_id', '=', device.subdistrictId)
    .where('device_id', '=', device.id)
    .where('user_id', '=', userId)
    .execute()
  return startSession(deps, { subdistrict_id: row.subdistrict_id, id: row.id, username: row.username, display_name: row.display_name, role: row.role as Role })
}
