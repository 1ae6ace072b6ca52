import { describe, expect, it } from 'vitest'
import { offlinePolicy } from './policy.ts'

describe('offline areas policy', () => {
  it('refuses the OSM preset whatever the server says (tile usage policy)', () => {
    expect(offlinePolicy({ preset: 'osm', offline_areas: false })).toEqual({ allowed: false, reason: 'osm_policy' })
    expect(offlinePolicy({ preset: 'osm', offline_areas: true })).toEqual({ allowed: false, reason: 'osm_policy' })
  })

  it('always allows the local MBTiles, even from a config cached before the flag existed', () => {
    expect(offlinePolicy({ preset: 'local', offline_areas: true })).toEqual({ allowed: true })
    expect(offlinePolicy({ preset: 'local' } as never)).toEqual({ allowed: true })
  })

  it('follows the server for tianditu and amap, and refuses without a config', () => {
    expect(offlinePolicy({ preset: 'amap', offline_areas: false })).toEqual({ allowed: false, reason: 'not_enabled' })
    expect(offlinePolicy({ preset: 'tianditu', offline_areas: true })).toEqual({ allowed: true })
    expect(offlinePolicy({ preset: 'amap' } as never)).toEqual({ allowed: false, reason: 'not_enabled' })
    expect(offlinePolicy(null)).toEqual({ allowed: false, reason: 'not_enabled' })
  })
})
