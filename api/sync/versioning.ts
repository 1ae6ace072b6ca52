// Helpers every entity handler needs: optimistic version checks and object-level community checks,
// so each module applies the same conflict and permission rules without re-deriving them.
import type { SessionUser } from '../http/context.ts'
import { forbidden, notFound } from '../http/problem.ts'
import { ConflictError } from './registry.ts'

/**
 * The optimistic check before a put or delete.
 * - create (base null) of an id that already exists → conflict with the server's record;
 * - edit of a missing record → 404 rejection;
 * - edit based on an older (or newer) version → conflict.
 * Returns the version the change will get. Check the caller's permission on `current` first: a
 * conflict hands the stored record to whoever pushed.
 */
export function nextVersion(current: { version: number; record: unknown } | undefined, base: number | null): number {
  if (base === null) {
    if (current) throw new ConflictError(current.record, current.version)
    return 1
  }
  if (!current) throw notFound('record_not_found')
  if (current.version !== base) throw new ConflictError(current.record, current.version)
  return current.version + 1
}

/** Inspectors work only in their communities; every other role works across the subdistrict. */
export function mayUseCommunity(user: SessionUser, communityId: string | null): boolean {
  if (user.role !== 'inspector') return true
  return communityId !== null && user.community_ids.includes(communityId)
}

export function assertCommunity(user: SessionUser, communityId: string | null): void {
  if (!mayUseCommunity(user, communityId)) throw forbidden('community_not_allowed')
}
