// The last step of every sign-in, below both the password step (service.ts) and the second factor
// (second-factor.ts): a new session and the identity the device caches, and the per-username limit both count.
import type { Deps, SessionUser } from '../http/context.ts'
import type { Me, Role } from '#domain/auth.ts'
import { createSession } from './sessions.ts'
import type { Limit } from './throttle.ts'

/** Failed sign-ins per username (password or second-factor code) before it waits. */
export const LOGIN_LIMIT_PER_USERNAME: Limit = { max: 5, windowSeconds: 15 * 60 }

export interface SignInUser {
  subdistrict_id: string
  id: string
  username: string
  display_name: string
  role: Role
}

/** Every factor passed: a new session (new id, so no fixation) and the identity the device caches. */
export async function startSession(deps: Deps, user: SignInUser): Promise<{ cookie: string; me: Me }> {
  const { db, env } = deps
  const session = await createSession(db, user.subdistrict_id, user.id, deps.now(), {
    idleMinutes: env.SESSION_IDLE_MINUTES,
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
  })
  deps.logger.log('info', 'login', { user_id: user.id, role: user.role })
  const communities = await db
    .selectFrom('user_communities')
    .select('community_id')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('user_id', '=', user.id)
    .execute()
  const me = await meOf(deps, { ...user, community_ids: communities.map((r) => r.community_id), session_id: '', session_expires_at: session.expiresAt })
  return { cookie: session.cookie, me }
}

/** The identity the device caches: who, which role, which communities (with centres for the map). */
export async function meOf(deps: Deps, user: SessionUser): Promise<Me> {
  const sub = await deps.db.selectFrom('subdistricts').select('name').where('id', '=', user.subdistrict_id).executeTakeFirst()
  // Coordinators, admins and counter/meals staff work across the subdistrict; inspectors see their own communities.
  let q = deps.db.selectFrom('communities').select(['id', 'name', 'center_lat', 'center_lng']).where('subdistrict_id', '=', user.subdistrict_id)
  if (user.role === 'inspector') q = q.where('id', 'in', user.community_ids.length ? user.community_ids : ['-'])
  const communities = await q.orderBy('id').execute()
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    subdistrict_id: user.subdistrict_id,
    subdistrict_name: sub?.name ?? user.subdistrict_id,
    communities,
    session_expires_at: user.session_expires_at,
  }
}
