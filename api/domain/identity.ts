// The signed-in identity and the sign-in answers the device checks (the session's schemas): the app
// shell builds these, not the account contracts of auth.ts that only the server and admin pages use.
import { z } from 'zod'
import { text } from './text.ts'
import { Id, Slug } from './ids.ts'
import { ROLES } from './roles.ts'

export const Role = z.enum(ROLES, { error: 'role_invalid' })
export type Role = z.infer<typeof Role>

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

/** What the enrolment screen shows: the secret for manual entry and the otpauth:// URI for the QR code. */
export const TotpEnrolment = z.object({ secret: text(), otpauth_uri: text(), account: text() })
export type TotpEnrolment = z.infer<typeof TotpEnrolment>

/** Signed in after the second factor; recovery codes only once, when an enrolment was just confirmed. */
export const SecondFactorResult = z.object({ me: Me, recovery_codes: z.array(text()).optional() })
export type SecondFactorResult = z.infer<typeof SecondFactorResult>

/** A user who set a PIN on this device, as the switch-user list shows them. */
export const PinUser = z.object({ id: Id, display_name: text(), username: text() })
export type PinUser = z.infer<typeof PinUser>
