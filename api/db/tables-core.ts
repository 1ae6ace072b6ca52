// Tables of the foundation: tenancy, people, sessions, throttling. Every row carries subdistrict_id.
import type { Generated } from 'kysely'

export interface SubdistrictsTable {
  id: string
  name: string
  district: string
  center_lat: number
  center_lng: number
  created_at: string
}

export interface CommunitiesTable {
  subdistrict_id: string
  id: string
  name: string
  center_lat: number
  center_lng: number
}

export interface UsersTable {
  subdistrict_id: string
  id: string
  username: string
  display_name: string
  role: string
  password_hash: string
  disabled: number
  /** 1 after an admin's password reset: the temporary password opens only the change-password step. */
  must_change_password: Generated<number>
  created_at: string
}

export interface UserCommunitiesTable {
  subdistrict_id: string
  user_id: string
  community_id: string
}

export interface SessionsTable {
  subdistrict_id: string
  /** SHA-256 of the secret half of the cookie; the secret itself is never stored. */
  id: string
  user_id: string
  created_at: string
  last_seen_at: string
  absolute_expires_at: string
}

/** A user's PIN for quick switching on one device; the device is the SHA-256 of its `lm_device` secret. */
export interface DevicePinsTable {
  subdistrict_id: string
  device_id: string
  user_id: string
  pin_hash: string
  created_at: string
  last_used_at: string | null
}

export interface RateLimitsTable {
  /** '*' for limits that are not tied to one subdistrict (per IP). */
  subdistrict_id: string
  key: string
  window_start: string
  count: number
}

export interface AuditLogTable {
  subdistrict_id: string
  id: string
  at: string
  actor_id: string | null
  action: string
  entity: string
  entity_id: string
  detail: string | null
}

/** TOTP secret per user; `confirmed_at` null until the first valid code; `last_step` blocks replay. */
export interface UserTotpTable {
  subdistrict_id: string
  user_id: string
  secret: string
  confirmed_at: string | null
  last_step: number | null
  created_at: string
}

export interface UserRecoveryCodesTable {
  subdistrict_id: string
  user_id: string
  /** SHA-256 of the normalised code; the code itself is shown once and never stored. */
  code_hash: string
  used_at: string | null
}

/** The pending sign-in between the password and the second factor (5 minutes, 5 attempts). */
export interface LoginChallengesTable {
  subdistrict_id: string
  /** SHA-256 of the secret half of the `lm_login` cookie. */
  id: string
  user_id: string
  created_at: string
  expires_at: string
  attempts: number
}

/** A create made over REST under a client-made id, and its answer while a resend may still come. */
export interface CreateRequestsTable {
  subdistrict_id: string
  /** The id the client made for the create (the new record's id). */
  id: string
  /** Which create, e.g. `POST /api/counter/workers`. */
  operation: string
  user_id: string
  /** SHA-256 of the request body in canonical JSON (secrets left out). */
  fingerprint: string
  /** JSON text of the answer; cleared a day after the create. */
  response: string | null
  created_at: string
}

export interface CoreTables {
  subdistricts: SubdistrictsTable
  communities: CommunitiesTable
  users: UsersTable
  user_communities: UserCommunitiesTable
  sessions: SessionsTable
  rate_limits: RateLimitsTable
  audit_log: AuditLogTable
  user_totp: UserTotpTable
  user_recovery_codes: UserRecoveryCodesTable
  login_challenges: LoginChallengesTable
  create_requests: CreateRequestsTable
  device_pins: DevicePinsTable
}

export type { Generated }
