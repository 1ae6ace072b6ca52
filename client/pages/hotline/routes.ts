// Hotline routes: the 12345 work orders (coordinator, admin; counter staff see the orders linked to a
// counter matter), their import and hand entry (coordinator, admin).
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '#domain/auth.ts'

const READ: Role[] = ['coordinator', 'counter', 'admin']
const HANDLE: Role[] = ['coordinator', 'admin']

export const hotlineRoutes: RouteRecordRaw[] = [
  {
    path: '/hotline',
    name: 'hotline',
    component: () => import('./HotlinePage.vue'),
    meta: { messages: ['hotline'], roles: READ, title: 'hotline.title', nav: { label: 'hotline.nav', icon: 'hotline', order: 34 } },
  },
  {
    path: '/hotline/import',
    name: 'hotline-import',
    component: () => import('./HotlineImportPage.vue'),
    meta: { messages: ['hotline'], roles: HANDLE, title: 'hotline.import.title' },
  },
  {
    path: '/hotline/new',
    name: 'hotline-new',
    component: () => import('./HotlineNewPage.vue'),
    meta: { messages: ['hotline'], roles: HANDLE, title: 'hotline.create.title' },
  },
  {
    path: '/hotline/:id',
    name: 'hotline-order',
    component: () => import('./HotlineOrderPage.vue'),
    meta: { messages: ['hotline'], roles: READ, title: 'hotline.title' },
  },
]
