// Who may use the counter module: counter staff and admins manage; the coordinator reads.
import type { Role } from '#domain/auth.ts'

export const MANAGE: Role[] = ['counter', 'admin']
export const READ: Role[] = ['counter', 'admin', 'coordinator']
