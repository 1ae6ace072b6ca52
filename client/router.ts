// Routes of the whole app. Each module keeps its own route list in pages/<module>/routes.ts and
// adds it here with one line; meta.roles hides what a role cannot do (the server still guards it).
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { scrollBehavior } from './router-scroll.ts'
import type { Role } from '#domain/auth.ts'
import { loadMessages, type MessageKey } from './i18n/index.ts'
import { LAZY_GROUPS, lazyGroupOf, type LazyGroup } from './i18n/groups.ts'
import { useSessionStore } from './stores/session.ts'
import { afterLoad } from './pwa/after-load.ts'
import { coreRoutes } from './pages/core-routes.ts'
import { mealsRoutes } from './pages/meals/routes.ts'
import { patrolRoutes } from './pages/patrol/routes.ts'
import { counterRoutes } from './pages/counter/routes.ts'
import { syncRoutes } from './pages/sync/routes.ts'
import { coordinatorRoutes } from './pages/coordinator/routes.ts'
import { agreementsRoutes } from './pages/agreements/routes.ts'
import { zonesRoutes } from './pages/zones/routes.ts'
import { mapsRoutes } from './pages/maps/routes.ts'
import { hotlineRoutes } from './pages/hotline/routes.ts'
import { briefRoutes } from './pages/brief/routes.ts'
import { residentsRoutes } from './pages/residents/routes.ts'
import { operatorRoutes } from './pages/operator/routes.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; absent = any signed-in user. */
    roles?: Role[]
    /** Residents' pages: no sign-in. */
    public?: boolean
    /** Residents' pages that offer elder mode (长辈模式): its switch on top, its styles when on. */
    elder?: boolean
    /** i18n key of the page title. */
    title?: MessageKey
    /** Shown in the navigation for the roles above. */
    nav?: { label: MessageKey; icon: string; order: number }
    /**
     * The groups of messages the page and its parts use beyond the shell's (client/i18n/groups.ts);
     * they load beside the page's chunk. Absent: every group (client/i18n/route-messages.test.ts checks
     * each route's list against what its page uses).
     */
    messages?: LazyGroup[]
    /**
     * API reads (GET paths without parameters) the page makes as it opens: the index.html served for
     * the path asks for them beside the page's code, and the page's own request takes that answer.
     */
    fetches?: string[]
    /**
     * Lazy parts the page opens as soon as it has painted (module paths relative to the routes file,
     * e.g. the residents' map): the index.html served for the path preloads their chunks and styles
     * beside the page's, so they are not fetched only once the page has run. Read by the build.
     */
    parts?: string[]
  }
}

export const routes: RouteRecordRaw[] = [
  ...coreRoutes,
  ...mealsRoutes,
  ...patrolRoutes,
  ...counterRoutes,
  ...syncRoutes,
  ...coordinatorRoutes,
  ...agreementsRoutes,
  ...zonesRoutes,
  ...mapsRoutes,
  ...hotlineRoutes,
  ...briefRoutes,
  ...residentsRoutes,
  ...operatorRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { public: true, title: 'notFound.title', messages: [] },
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior,
})

/** The groups of messages a route's page needs beyond the shell's, and its title's. */
function routeMessages(to: RouteLocationNormalized): LazyGroup[] {
  const groups = to.matched.flatMap((r) => r.meta.messages ?? LAZY_GROUPS)
  const title = to.meta.title && lazyGroupOf(to.meta.title)
  return title ? [...groups, title] : groups
}

/** The groups of the navigation's labels for a role (labels of other modules' pages). */
function navMessages(role: Role): LazyGroup[] {
  return router
    .getRoutes()
    .filter((r) => r.meta.nav && (!r.meta.roles || r.meta.roles.includes(role)))
    .flatMap((r) => lazyGroupOf(r.meta.nav!.label) ?? [])
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  // The page's messages download beside its chunk; a redirect below leaves them for later.
  const messages = loadMessages(routeMessages(to))
  messages.catch(() => undefined)
  // Residents' pages and sign-in need no identity to render: the cached one (for the header's menu)
  // comes after the page has loaded instead of holding its first paint back.
  if (to.meta.public) {
    if (!session.restored) afterLoad(() => void session.restoreIfKept())
    await messages
    return true
  }
  // The page's chunk downloads while the cached identity loads, not after it.
  for (const record of to.matched) {
    const load = record.components?.default
    if (isLazy(load)) void load().catch(() => undefined)
  }
  // The cached identity, and (except on the start page) the server's answer asked for beside it: the
  // first identity either gives opens the page. With none kept on this device (storage cleared, a
  // first visit) the session cookie may still be good, so the server says who it is before the
  // sign-in page is shown.
  if (to.path === '/') await session.restore()
  else await session.identify()
  if (!session.me && to.path !== '/') await session.refresh()
  if (!session.me) return to.path === '/login' ? true : { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  // A temporary password from the admin: choosing a new one comes first.
  if (session.me.must_change_password && to.path !== '/password') return '/password'
  if (to.path === '/login' || to.path === '/') return session.home
  if (to.meta.roles && !to.meta.roles.includes(session.me.role)) return session.home
  await Promise.all([messages, loadMessages(navMessages(session.me.role))])
  return true
})

/** A route's `() => import(…)` (vue-router tells it from a functional component the same way). */
function isLazy(c: unknown): c is () => Promise<unknown> {
  return typeof c === 'function' && !('displayName' in c) && !('props' in c) && !('__vccOpts' in c)
}
