// The first page of a load is not scrolled (it is at its top already, and scrolling would force a
// layout before its first paint); every later page opens at its top.
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, START_LOCATION } from 'vue-router'
import { scrollBehavior } from './router-scroll.ts'

describe('scroll after a navigation', () => {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/a', component: {} },
      { path: '/b', component: {} },
    ],
  })

  it('leaves the first page of a load where it is, and opens a page reached from another at its top', async () => {
    await router.push('/a')
    const first = router.currentRoute.value
    expect(scrollBehavior(first, START_LOCATION)).toBe(false)
    await router.push('/b')
    expect(scrollBehavior(router.currentRoute.value, first)).toEqual({ top: 0 })
  })
})
