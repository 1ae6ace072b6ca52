// Residents' reports: the public report form and follow-up page (no sign-in), and the office's
// moderation queue. Lazy chunks, so neither the staff app nor the public map loads them up front.
import type { RouteRecordRaw } from 'vue-router'

export const residentsRoutes: RouteRecordRaw[] = [
  {
    path: '/public/report',
    name: 'public-report',
    component: () => import('./ResidentReportPage.vue'),
    meta: { messages: ['patrol', 'residents'], public: true, title: 'residents.report.title' },
  },
  {
    path: '/public/follow/:code?',
    name: 'public-follow',
    component: () => import('./ResidentFollowPage.vue'),
    meta: { messages: ['residents', 'patrol'], public: true, title: 'residents.follow.title' },
  },
  {
    path: '/coordinator/resident-reports',
    name: 'resident-moderation',
    component: () => import('./ResidentModerationPage.vue'),
    meta: {
      messages: ['residents', 'patrol', 'coordinator', 'agreements'],
      roles: ['coordinator', 'admin'],
      title: 'residents.moderation.title',
      nav: { label: 'residents.moderation.nav', icon: 'list', order: 21 },
    },
  },
]
