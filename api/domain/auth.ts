// Who may do what: roles, the signed-in identity, and the user contracts shared by API and device.
import { z } from 'zod'
import { text } from './text.ts'
import { Id, Slug } from './ids.ts'
import { isCommonPassword } from './common-passwords.ts'

/** `operator`: a bike-share or delivery company's local field manager, tied to one party (patrol). */
export const ROLES = ['inspector', 'coordinator', 'counter', 'meals', 'admin', 'operator'] as const
export const Role = z.enum(ROLES, { error: 'role_invalid' })
export type Role = z.infer<typeof Role>

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  inspector: '/patrol',
  coordinator: '/coordinator',
  counter: '/counter',
  meals: '/meals',
  admin: '/admin',
  operator: '/operator',
}

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

export const Community = z.object({
  id: Slug,
  name: text(),
  center_lat: z.number(),
  center_lng: z.number(),
})
export type Community = z.infer<typeof Community>

export const Me = z.object({
  id: Id,
  username: text(),
  display_name: text(),
  role: Role,
  subdistrict_id: Slug,
  subdistrict_name: text(),
  communities: z.array(Community),
  session_expires_at: text(),
  /** Signed in with a temporary password from an admin: only changing it is allowed until then. */
  must_change_password: z.boolean().optional(),
})
export type Me = z.infer<typeof Me>

/** The password was right; the second factor comes next (`enrol`: first set up an authenticator). */
export const LoginChallenge = z.object({ second_factor: z.enum(['totp', 'enrol']) })
export type LoginChallenge = z.infer<typeof LoginChallenge>

/** A 6-digit code from the authenticator app, or one of the recovery codes (xxxxx-xxxxx). */
export const SecondFactorRequest = z.strictObject({
  code: text()
    .trim()
    .regex(/^(\d{6}|[A-Za-z2-7]{5}-?[A-Za-z2-7]{5})$/, { error: 'totp_format' }),
})
export type SecondFactorRequest = z.infer<typeof SecondFactorRequest>

/** What the enrolment screen shows: the secret for manual entry and the otpauth:// URI for the QR code. */
export const TotpEnrolment = z.object({ secret: text(), otpauth_uri: text(), account: text() })
export type TotpEnrolment = z.infer<typeof TotpEnrolment>

/** Signed in after the second factor; recovery codes only once, when an enrolment was just confirmed. */
export const SecondFactorResult = z.object({ me: Me, recovery_codes: z.array(text()).optional() })
export type SecondFactorResult = z.infer<typeof SecondFactorResult>

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
/** A user who set a PIN on this device, as the switch-user list shows them. */
export const PinUser = z.object({ id: Id, display_name: text(), username: text() })
export type PinUser = z.infer<typeof PinUser>
