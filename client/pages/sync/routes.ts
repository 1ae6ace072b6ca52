// The outbox page: every signed-in role may have unsent work on this device, so every role sees it.
import type { RouteRecordRaw } from 'vue-router'

export const syncRoutes: RouteRecordRaw[] = [
  {
    path: '/sync',
    name: 'sync',
    component: () => import('./SyncOutboxPage.vue'),
    meta: { messages: ['sync'], title: 'sync.title', nav: { label: 'nav.sync', icon: 'sync', order: 80 } },
  },
]
