// Routes of the shell itself: sign-in, admin, the coordinator's map, the residents' landing page.
import type { RouteRecordRaw } from 'vue-router'

export const coreRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./auth/LoginPage.vue'), meta: { messages: ['accounts', 'totp', 'insecure'] } },
  {
    path: '/login',
    name: 'login',
    component: () => import('./auth/LoginPage.vue'),
    meta: { messages: ['accounts', 'totp', 'insecure'], public: true, title: 'auth.title' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./auth/ChangePasswordPage.vue'),
    meta: { messages: ['accounts'], title: 'accounts.changeTitle' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./admin/AdminUsersPage.vue'),
    meta: { messages: ['accounts', 'totp', 'operator'], roles: ['admin'], title: 'admin.title', nav: { label: 'nav.admin', icon: 'admin', order: 90 } },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./admin/AdminAuditPage.vue'),
    meta: { messages: ['audit'], roles: ['admin'], title: 'audit.title', nav: { label: 'audit.nav', icon: 'audit', order: 91 } },
  },
  {
    path: '/admin/privacy',
    name: 'admin-privacy',
    component: () => import('./admin/AdminPrivacyPage.vue'),
    meta: { messages: ['retention', 'consent'], roles: ['admin'], title: 'retention.title', nav: { label: 'retention.nav', icon: 'privacy', order: 92 } },
  },
  {
    path: '/admin/map-layers',
    name: 'admin-map-layers',
    component: () => import('./admin/AdminMapLayersPage.vue'),
    meta: { messages: ['refLayers'], roles: ['admin'], title: 'refLayers.title', nav: { label: 'refLayers.nav', icon: 'map', order: 93 } },
  },
  {
    path: '/coordinator',
    name: 'coordinator',
    component: () => import('./coordinator/CoordinatorMapPage.vue'),
    meta: {
      messages: ['patrol', 'coordinator', 'residents', 'brief'],
      roles: ['coordinator', 'admin'],
      title: 'coordinator.title',
      nav: { label: 'nav.coordinator', icon: 'map', order: 20 },
    },
  },
  {
    path: '/public',
    name: 'public',
    component: () => import('./public/PublicHomePage.vue'),
    meta: { messages: [], public: true, elder: true, title: 'public.title' },
  },
]
