// Coordinator routes beyond the home map (which the shell's core routes mount at /coordinator):
// one hotspot's page. Lazy chunks, so the inspector's capture route never loads them.
import type { RouteRecordRaw } from 'vue-router'

export const coordinatorRoutes: RouteRecordRaw[] = [
  {
    path: '/coordinator/hotspots/:id',
    name: 'coordinator-hotspot',
    component: () => import('./CoordinatorHotspotPage.vue'),
    meta: { messages: ['agreements', 'coordinator', 'residents', 'patrol'], roles: ['coordinator', 'admin'], title: 'coordinator.hotspot' },
  },
]
