// Who may do what in the lunch program: meals staff and admins manage; coordinators also read the
// menus, pickups and reports.
import type { Role } from '#domain/auth.ts'

export const MANAGE: Role[] = ['meals', 'admin']
export const REPORT: Role[] = ['meals', 'admin', 'coordinator']
