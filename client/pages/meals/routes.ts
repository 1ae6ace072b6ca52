// Meals routes: the staff pages (meals and admin manage; coordinators read the kitchen sheet, pickups
// and reconciliation) and the residents' public page. Every page is its own lazy chunk.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '#domain/auth.ts'

const MANAGE: Role[] = ['meals', 'admin']
const READ: Role[] = ['meals', 'admin', 'coordinator']

export const mealsRoutes: RouteRecordRaw[] = [
  {
    path: '/meals',
    name: 'meals',
    component: () => import('./MealsHomePage.vue'),
    meta: { messages: ['meals'], roles: READ, title: 'meals.title', nav: { label: 'nav.meals', icon: 'meals', order: 30 } },
  },
  {
    path: '/meals/sell',
    name: 'meals-sell',
    component: () => import('./MealsSellPage.vue'),
    meta: { messages: ['meals', 'consent'], roles: MANAGE, title: 'meals.sell.title' },
  },
  {
    path: '/meals/sales',
    name: 'meals-sales',
    component: () => import('./MealsSalesPage.vue'),
    meta: { messages: ['meals'], roles: MANAGE, title: 'meals.sales.title' },
  },
  {
    path: '/meals/sales/:id',
    name: 'meals-receipt',
    component: () => import('./MealsReceiptPage.vue'),
    meta: { messages: ['meals'], roles: MANAGE, title: 'meals.receipt.title' },
  },
  {
    path: '/meals/pickup/:date?',
    name: 'meals-pickup',
    component: () => import('./MealsPickupPage.vue'),
    meta: { messages: ['meals', 'consent'], roles: READ, title: 'meals.pickup.title' },
  },
  {
    path: '/meals/kitchen/:date?',
    name: 'meals-kitchen',
    component: () => import('./MealsKitchenPage.vue'),
    meta: { messages: ['meals'], roles: READ, title: 'meals.kitchen.title' },
  },
  {
    path: '/meals/menu/:week?',
    name: 'meals-menu',
    component: () => import('./MealsMenuPage.vue'),
    meta: { messages: ['meals'], roles: MANAGE, title: 'meals.menu.title' },
  },
  {
    path: '/meals/subscribers',
    name: 'meals-subscribers',
    component: () => import('./MealsSubscribersPage.vue'),
    meta: { messages: ['meals', 'consent'], roles: MANAGE, title: 'meals.subscribers.title' },
  },
  {
    path: '/meals/subscribers/:id/export',
    name: 'meals-resident-export',
    component: () => import('./MealsResidentExportPage.vue'),
    meta: { messages: ['consent'], roles: MANAGE, title: 'consent.exportTitle' },
  },
  {
    path: '/meals/settings',
    name: 'meals-settings',
    component: () => import('./MealsSettingsPage.vue'),
    meta: { messages: ['meals'], roles: MANAGE, title: 'meals.settings.title' },
  },
  {
    path: '/meals/report/:week?',
    name: 'meals-report',
    component: () => import('./MealsReportPage.vue'),
    meta: { messages: ['meals'], roles: READ, title: 'meals.report.title' },
  },
  {
    path: '/public/meals',
    name: 'public-meals',
    component: () => import('./MealsPublicPage.vue'),
    meta: { messages: ['meals'], fetches: ['/api/meals/public'], public: true, elder: true, title: 'meals.public.title' },
  },
]
