// Who saves map areas for offline use: the roles that work on maps in the field or the office.
import type { Role } from '#domain/auth.ts'

export const OFFLINE_MAP_ROLES: Role[] = ['inspector', 'coordinator', 'admin']
