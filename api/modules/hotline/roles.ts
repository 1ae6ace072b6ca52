// Who may use the hotline module. The coordinator (and the admin) import, enter, link and answer
// every order; counter staff read and answer the orders linked to a counter matter (a service guide),
// which the queries filter for them — any other order is 404 to them.
import type { Role } from '#domain/auth.ts'

export const HANDLE: Role[] = ['coordinator', 'admin']
export const READ: Role[] = ['coordinator', 'counter', 'admin']
