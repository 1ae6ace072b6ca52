// Operator routes: the field manager's task list (home), one task with its clearing, their commitments;
// for the admin, which party each operator account works for and the webhook delivery log.
import type { RouteRecordRaw } from 'vue-router'

export const operatorRoutes: RouteRecordRaw[] = [
  {
    path: '/operator',
    name: 'operator',
    component: () => import('./OperatorTasksPage.vue'),
    meta: {
      messages: ['operator', 'patrol'],
      roles: ['operator'],
      title: 'operator.tasks.title',
      nav: { label: 'operator.nav.tasks', icon: 'list', order: 10 },
    },
  },
  {
    path: '/operator/tasks/:id',
    name: 'operator-task',
    component: () => import('./OperatorTaskPage.vue'),
    meta: { messages: ['operator', 'patrol'], roles: ['operator'], title: 'operator.task.title' },
  },
  {
    path: '/operator/commitments',
    name: 'operator-commitments',
    component: () => import('./OperatorCommitmentsPage.vue'),
    meta: {
      messages: ['operator', 'agreements'],
      roles: ['operator'],
      title: 'operator.commitments.title',
      nav: { label: 'operator.nav.commitments', icon: 'agreements', order: 20 },
    },
  },
  {
    path: '/admin/operators',
    name: 'admin-operators',
    component: () => import('./OperatorAccountsPage.vue'),
    meta: {
      messages: ['operator', 'agreements'],
      roles: ['admin'],
      title: 'operator.admin.accounts.title',
      nav: { label: 'operator.admin.nav.accounts', icon: 'roster', order: 94 },
    },
  },
  {
    path: '/admin/webhook-deliveries',
    name: 'admin-webhook-deliveries',
    component: () => import('./OperatorDeliveriesPage.vue'),
    meta: {
      messages: ['operator', 'agreements'],
      roles: ['admin'],
      title: 'operator.admin.deliveries.title',
      nav: { label: 'operator.admin.nav.deliveries', icon: 'sync', order: 95 },
    },
  },
]
