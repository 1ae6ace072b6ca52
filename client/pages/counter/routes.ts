// Counter routes: the duty worker's desk (home of the counter role), guides, roster and coverage,
// skills, measures — and the residents' public guide catalogue and checklists (no login).
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '#domain/auth.ts'

const STAFF: Role[] = ['counter', 'admin', 'coordinator']

export const counterRoutes: RouteRecordRaw[] = [
  {
    path: '/counter',
    name: 'counter',
    component: () => import('./CounterDeskPage.vue'),
    meta: {
      messages: ['counter', 'consent', 'accounts'],
      roles: STAFF,
      title: 'counter.title',
      nav: { label: 'counter.nav.desk', icon: 'counter', order: 30.5 },
    },
  },
  {
    path: '/counter/guides/new',
    name: 'counter-guide-new',
    component: () => import('./CounterGuideEditPage.vue'),
    meta: { messages: ['counter'], roles: ['counter', 'admin'], title: 'counter.newGuide' },
  },
  {
    path: '/counter/guides/:id',
    name: 'counter-guide',
    component: () => import('./CounterGuidePage.vue'),
    meta: { messages: ['counter', 'publicGuides'], roles: STAFF, title: 'counter.title' },
  },
  {
    path: '/counter/guides/:id/edit',
    name: 'counter-guide-edit',
    component: () => import('./CounterGuideEditPage.vue'),
    meta: { messages: ['counter'], roles: ['counter', 'admin'], title: 'counter.guide.edit' },
  },
  {
    path: '/counter/roster',
    name: 'counter-roster',
    component: () => import('./CounterRosterPage.vue'),
    meta: { messages: ['counter'], roles: STAFF, title: 'counter.roster.title', nav: { label: 'counter.nav.roster', icon: 'roster', order: 31 } },
  },
  {
    path: '/counter/skills',
    name: 'counter-skills',
    component: () => import('./CounterSkillsPage.vue'),
    meta: { messages: ['counter'], roles: STAFF, title: 'counter.skills.title', nav: { label: 'counter.nav.skills', icon: 'skills', order: 32 } },
  },
  {
    path: '/counter/stats',
    name: 'counter-stats',
    component: () => import('./CounterStatsPage.vue'),
    meta: { messages: ['counter'], roles: STAFF, title: 'counter.stats.title', nav: { label: 'counter.nav.stats', icon: 'stats', order: 33 } },
  },
  {
    path: '/public/guides',
    name: 'public-guides',
    component: () => import('./PublicGuidesPage.vue'),
    meta: { messages: ['publicGuides', 'counter'], fetches: ['/api/counter/public/guides'], public: true, elder: true, title: 'publicGuides.title' },
  },
  {
    path: '/public/guides/:code',
    name: 'public-guide',
    component: () => import('./PublicChecklistPage.vue'),
    meta: { messages: ['counter', 'publicGuides'], public: true, elder: true, title: 'publicGuides.checklistTitle' },
  },
]
