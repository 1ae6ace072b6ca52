import { describe, expect, it } from 'vitest'
import { currentNavEntry, splitPhoneNav, type NavEntry } from './nav-slots.ts'

const entry = (path: string): NavEntry => ({ path, label: path, icon: 'list' })
// The admin's thirteen entries in navigation order.
const ADMIN = [
  '/patrol',
  '/agreements',
  '/zones',
  '/coordinator',
  '/meals',
  '/counter',
  '/counter/roster',
  '/counter/skills',
  '/counter/stats',
  '/sync',
  '/admin',
  '/admin/audit',
  '/admin/privacy',
].map(entry)
const paths = (xs: NavEntry[]) => xs.map((x) => x.path)

describe('phone navigation slots', () => {
  it('shows every entry and no "more" for five entries or fewer', () => {
    const counter = ['/counter', '/counter/roster', '/counter/skills', '/counter/stats', '/sync'].map(entry)
    expect(splitPhoneNav(counter, '/counter/stats')).toEqual({ bar: counter, more: [] })
    expect(splitPhoneNav(counter.slice(0, 2), '/elsewhere').more).toEqual([])
  })

  it('keeps the first four in the bar and the rest, in order, in the sheet', () => {
    const { bar, more } = splitPhoneNav(ADMIN, '/zones')
    expect(paths(bar)).toEqual(['/patrol', '/agreements', '/zones', '/coordinator'])
    expect(paths(more)).toEqual(paths(ADMIN.slice(4)))
  })

  it('puts the current page into the fourth slot when it is among the rest', () => {
    const { bar, more } = splitPhoneNav(ADMIN, '/admin/audit')
    expect(paths(bar)).toEqual(['/patrol', '/agreements', '/zones', '/admin/audit'])
    expect(paths(more)).toEqual([
      '/coordinator',
      '/meals',
      '/counter',
      '/counter/roster',
      '/counter/skills',
      '/counter/stats',
      '/sync',
      '/admin',
      '/admin/privacy',
    ])
    expect(bar.length + more.length).toBe(ADMIN.length)
  })

  it('counts a page below an entry as that entry', () => {
    expect(paths(splitPhoneNav(ADMIN, '/meals/sell').bar)).toEqual(['/patrol', '/agreements', '/zones', '/meals'])
    expect(currentNavEntry(ADMIN, '/counter/roster')?.path).toBe('/counter/roster')
    expect(currentNavEntry(ADMIN, '/counter/guides/new')?.path).toBe('/counter')
    expect(currentNavEntry(ADMIN, '/admin/')?.path).toBe('/admin')
    expect(currentNavEntry(ADMIN, '/administrator')).toBeUndefined()
    expect(currentNavEntry(ADMIN, '/public')).toBeUndefined()
  })
})
