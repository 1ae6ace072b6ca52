// Zone routes: the office's zone editor, and the residents' public map (no sign-in) at /public/zones.
import type { RouteRecordRaw } from 'vue-router'

export const zonesRoutes: RouteRecordRaw[] = [
  {
    path: '/zones',
    name: 'zones',
    component: () => import('./ZonesPage.vue'),
    meta: {
      messages: ['coordInput', 'agreements', 'patrol'],
      roles: ['coordinator', 'admin'],
      title: 'agreements.zones.title',
      nav: { label: 'agreements.zones.nav', icon: 'zones', order: 16 },
    },
  },
  {
    path: '/public/zones',
    name: 'public-zones',
    component: () => import('../public/PublicZonesPage.vue'),
    meta: {
      messages: ['agreements', 'residents'],
      fetches: ['/api/patrol/zones/public', '/api/config'],
      parts: ['../../components/zones/ZonesPublicMap.vue'],
      public: true,
      elder: true,
      title: 'agreements.public.title',
    },
  },
]
