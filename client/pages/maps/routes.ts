// Map routes: offline map areas saved on this device, for the roles that use maps.
import type { RouteRecordRaw } from 'vue-router'
import { OFFLINE_MAP_ROLES } from '../../map/offline-areas/policy.ts'

export const mapsRoutes: RouteRecordRaw[] = [
  {
    path: '/maps/offline',
    name: 'maps-offline',
    component: () => import('./OfflineMapsPage.vue'),
    meta: { messages: ['maps'], roles: OFFLINE_MAP_ROLES, title: 'maps.title', nav: { label: 'maps.nav', icon: 'offline', order: 85 } },
  },
]
