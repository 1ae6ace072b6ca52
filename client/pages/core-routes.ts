// Routes of the shell itself: sign-in, admin, the coordinator's map, the residents' landing page.
import type { RouteRecordRaw } from 'vue-router'

export const coreRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./auth/LoginPage.vue') },
  { path: '/login', name: 'login', component: () => import('./auth/LoginPage.vue'), meta: { public: true, title: 'auth.title' } },
  {
    path: '/password',
    name: 'password',
    component: () => import('./auth/ChangePasswordPage.vue'),
    meta: { title: 'accounts.changeTitle' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./admin/AdminUsersPage.vue'),
    meta: { roles: ['admin'], title: 'admin.title', nav: { label: 'nav.admin', icon: 'admin', order: 90 } },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./admin/AdminAuditPage.vue'),
    meta: { roles: ['admin'], title: 'audit.title', nav: { label: 'audit.nav', icon: 'audit', order: 91 } },
  },
  {
    path: '/admin/privacy',
    name: 'admin-privacy',
    component: () => import('./admin/AdminPrivacyPage.vue'),
    meta: { roles: ['admin'], title: 'retention.title', nav: { label: 'retention.nav', icon: 'privacy', order: 92 } },
  },
  {
    path: '/admin/map-layers',
    name: 'admin-map-layers',
    component: () => import('./admin/AdminMapLayersPage.vue'),
    meta: { roles: ['admin'], title: 'refLayers.title', nav: { label: 'refLayers.nav', icon: 'map', order: 93 } },
  },
  {
    path: '/coordinator',
    name: 'coordinator',
    component: () => import('./coordinator/CoordinatorMapPage.vue'),
    meta: { roles: ['coordinator', 'admin'], title: 'coordinator.title', nav: { label: 'nav.coordinator', icon: 'map', order: 20 } },
  },
  { path: '/public', name: 'public', component: () => import('./public/PublicHomePage.vue'), meta: { public: true, elder: true, title: 'public.title' } },
]
