// Who may do what: roles, the signed-in identity, and the user contracts shared by API and device.
import { z } from 'zod'
import { text } from './text.ts'
import { Id, Slug } from './ids.ts'
import { isCommonPassword } from './common-passwords.ts'
import { Role } from './identity.ts'

export { ROLES, ROLE_HOME } from './roles.ts'
export { Role, Community, Me, LoginChallenge, TotpEnrolment, SecondFactorResult, PinUser } from './identity.ts'

export const Username = text()
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,32}$/, { error: 'username_format' })

export const Password = text()
  .min(8, { error: 'password_length' })
  .max(128, { error: 'password_length' })
  .refine((p) => !isCommonPassword(p), { error: 'password_common' })

export const LoginRequest = z.strictObject({
  username: text().min(1, { error: 'required' }).max(64),
  password: text().min(1, { error: 'required' }).max(256),
  subdistrict_id: Slug.optional(),
})
export type LoginRequest = z.infer<typeof LoginRequest>

/** A 6-digit code from the authenticator app, or one of the recovery codes (xxxxx-xxxxx). */
export const SecondFactorRequest = z.strictObject({
  code: text()
    .trim()
    .regex(/^(\d{6}|[A-Za-z2-7]{5}-?[A-Za-z2-7]{5})$/, { error: 'totp_format' }),
})
export type SecondFactorRequest = z.infer<typeof SecondFactorRequest>

export const UserCreate = z.strictObject({
  /** The new account's id, made by the admin's form (a resend answers with the first account). */
  id: Id.optional(),
  username: Username,
  display_name: text().trim().min(1, { error: 'required' }).max(64),
  role: Role,
  password: Password,
  community_ids: z.array(Slug).max(50).default([]),
})
export type UserCreate = z.infer<typeof UserCreate>

export const UserSummary = z.object({
  id: Id,
  username: text(),
  display_name: text(),
  role: Role,
  community_ids: z.array(Slug),
  disabled: z.boolean(),
  /** Has a confirmed authenticator (TOTP second factor). */
  totp_enrolled: z.boolean(),
  created_at: text(),
})
export type UserSummary = z.infer<typeof UserSummary>

/** An admin's change to a user: any of these; a disabled user cannot sign in and their sessions end. */
export const UserUpdate = z
  .strictObject({
    display_name: text().trim().min(1, { error: 'required' }).max(64).optional(),
    role: Role.optional(),
    community_ids: z.array(Slug).max(50).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { error: 'user_update_empty' })
export type UserUpdate = z.infer<typeof UserUpdate>

/** The one-time password an admin hands over after a reset; shown once, changed at next sign-in. */
export const TemporaryPassword = z.object({ temporary_password: text() })
export type TemporaryPassword = z.infer<typeof TemporaryPassword>

/** A new password; the current one too, unless the session was opened with a temporary password. */
export const PasswordChange = z.strictObject({
  current_password: text().max(200).optional(),
  new_password: Password,
})
export type PasswordChange = z.infer<typeof PasswordChange>

/** A device PIN: 4 to 8 digits, for switching user quickly on the device where it was set. */
export const Pin = text().regex(/^\d{4,8}$/, { error: 'pin_format' })
export const PinSet = z.strictObject({ pin: Pin })
export type PinSet = z.infer<typeof PinSet>
export const PinLogin = z.strictObject({ user_id: Id, pin: Pin })
export type PinLogin = z.infer<typeof PinLogin>
