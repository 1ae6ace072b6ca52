// The monthly brief: coordinators and admins see every section, meals and counter staff their own.
import type { RouteRecordRaw } from 'vue-router'

export const briefRoutes: RouteRecordRaw[] = [
  {
    path: '/brief',
    name: 'brief',
    component: () => import('./BriefPage.vue'),
    meta: {
      messages: ['brief'],
      roles: ['coordinator', 'admin', 'meals', 'counter'],
      title: 'brief.title',
      nav: { label: 'brief.nav', icon: 'stats', order: 21 },
    },
  },
]
