// Patrol routes: the inspector's home (My patrol) and the capture screen. Both are lazy chunks; the
// map inside them is a further lazy chunk, so the capture route's JS stays small.
import type { RouteRecordRaw } from 'vue-router'

export const patrolRoutes: RouteRecordRaw[] = [
  {
    path: '/patrol',
    name: 'patrol',
    component: () => import('./PatrolHomePage.vue'),
    meta: {
      messages: ['patrol', 'coordinator', 'sync'],
      roles: ['inspector', 'coordinator', 'admin'],
      title: 'patrol.title',
      nav: { label: 'nav.patrol', icon: 'patrol', order: 10 },
    },
  },
  {
    path: '/patrol/new',
    name: 'patrol-new',
    component: () => import('./PatrolCapturePage.vue'),
    meta: {
      messages: ['patrol', 'coordInput', 'insecure'],
      roles: ['inspector', 'coordinator', 'admin'],
      title: 'patrol.newTitle',
      // Who is signed in (the router asks before the page opens) and the settings the form reads at
      // once: asked for by the index.html beside the app's code instead of after it has run.
      fetches: ['/api/auth/me', '/api/config'],
      // The form opens on the draft kept in the device database: its code downloads beside the page's.
      parts: ['../../db/sightings.ts'],
    },
  },
]
