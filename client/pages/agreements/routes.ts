// Agreement routes: the list, a new or edited agreement (inspectors draft on site), the printable
// agreement, a compliance check on patrol, and the parties (office only). Each page is a lazy chunk.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '#domain/auth.ts'

const PATROL: Role[] = ['inspector', 'coordinator', 'admin']
const OFFICE: Role[] = ['coordinator', 'admin']

export const agreementsRoutes: RouteRecordRaw[] = [
  {
    path: '/agreements',
    name: 'agreements',
    component: () => import('./AgreementsListPage.vue'),
    meta: { messages: ['agreements'], roles: PATROL, title: 'agreements.list.title', nav: { label: 'agreements.nav', icon: 'agreements', order: 14 } },
  },
  {
    path: '/agreements/new',
    name: 'agreements-new',
    component: () => import('./AgreementsEditPage.vue'),
    meta: { messages: ['agreements', 'operator'], roles: PATROL, title: 'agreements.form.newTitle' },
  },
  {
    path: '/agreements/:id',
    name: 'agreements-detail',
    component: () => import('./AgreementsDetailPage.vue'),
    meta: { messages: ['agreements', 'operator'], roles: PATROL, title: 'agreements.detail.kicker' },
  },
  {
    path: '/agreements/:id/edit',
    name: 'agreements-edit',
    component: () => import('./AgreementsEditPage.vue'),
    meta: { messages: ['agreements', 'operator'], roles: PATROL, title: 'agreements.form.editTitle' },
  },
  {
    path: '/agreements/:id/check',
    name: 'agreements-check',
    component: () => import('./AgreementsCheckPage.vue'),
    meta: { messages: ['agreements'], roles: PATROL, title: 'agreements.check.title' },
  },
  {
    path: '/parties',
    name: 'parties',
    component: () => import('./AgreementsPartiesPage.vue'),
    meta: { messages: ['agreements', 'operator'], roles: OFFICE, title: 'agreements.parties.title' },
  },
]
