import { describe, expect, it } from 'vitest'
import { parseEnv } from '../env.ts'
import { basemapOf } from './basemap.ts'

describe('offline map areas per basemap preset', () => {
  it('allows the local MBTiles always and OSM never', () => {
    expect(basemapOf(parseEnv({ BASEMAP: 'local' })).offline_areas).toBe(true)
    expect(basemapOf(parseEnv({ BASEMAP: 'osm' })).offline_areas).toBe(false)
  })

  it('allows tianditu and amap only when OFFLINE_AREAS lists them', () => {
    expect(basemapOf(parseEnv({ BASEMAP: 'amap' })).offline_areas).toBe(false)
    expect(basemapOf(parseEnv({ BASEMAP: 'amap', OFFLINE_AREAS: 'amap' })).offline_areas).toBe(true)
    expect(basemapOf(parseEnv({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k', OFFLINE_AREAS: 'amap' })).offline_areas).toBe(false)
    expect(basemapOf(parseEnv({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k', OFFLINE_AREAS: 'tianditu, amap' })).offline_areas).toBe(true)
  })

  it('refuses to start when OFFLINE_AREAS names osm or an unknown preset', () => {
    expect(() => parseEnv({ OFFLINE_AREAS: 'osm' })).toThrow(/OFFLINE_AREAS.*usage policy/)
    expect(() => parseEnv({ OFFLINE_AREAS: 'google' })).toThrow(/OFFLINE_AREAS.*unknown preset google/)
  })
})
