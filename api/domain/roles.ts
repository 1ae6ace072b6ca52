// The roles and where each lands after signing in, without a schema: the app shell reads them before
// any answer is checked.

/** `operator`: a bike-share or delivery company's local field manager, tied to one party (patrol). */
export const ROLES = ['inspector', 'coordinator', 'counter', 'meals', 'admin', 'operator'] as const
export type Role = (typeof ROLES)[number]

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  inspector: '/patrol',
  coordinator: '/coordinator',
  counter: '/counter',
  meals: '/meals',
  admin: '/admin',
  operator: '/operator',
}
