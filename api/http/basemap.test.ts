import { describe, expect, it } from 'vitest'
import { parseEnv } from '../env.ts'
import { basemapOf } from './basemap.ts'

describe('the 天地图 preset', () => {
  it('draws its label layer over the base layer, both with the key', () => {
    const b = basemapOf(parseEnv({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k&1' }))
    expect(b.url).toMatch(/^https:\/\/t\{s\}\.tianditu\.gov\.cn\/vec_w\/wmts\?.*LAYER=vec&.*&tk=k%261$/)
    expect(b.labels_url).toMatch(/^https:\/\/t\{s\}\.tianditu\.gov\.cn\/cva_w\/wmts\?.*LAYER=cva&.*&tk=k%261$/)
    expect(b.labels_url!.replace('cva', 'vec').replace('LAYER=cva', 'LAYER=vec')).toBe(b.url)
  })

  it('takes another label layer, or none, from TILE_LABELS_URL; other presets have none by default', () => {
    const proxy = 'https://tiles.office.example/labels/{z}/{x}/{y}.png'
    expect(basemapOf(parseEnv({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k', TILE_LABELS_URL: proxy })).labels_url).toBe(proxy)
    expect(basemapOf(parseEnv({ BASEMAP: 'tianditu', TIANDITU_KEY: 'k', TILE_LABELS_URL: 'none' })).labels_url).toBeNull()
    expect(basemapOf(parseEnv({ BASEMAP: 'osm' })).labels_url).toBeNull()
    expect(basemapOf(parseEnv({ BASEMAP: 'local', TILE_LABELS_URL: proxy })).labels_url).toBe(proxy)
    expect(() => parseEnv({ TILE_LABELS_URL: 'labels' })).toThrow(/TILE_LABELS_URL/)
  })
})

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

describe('the CSP and the label layer', () => {
  it('lets the label layer’s host serve images', async () => {
    const { createTestApp } = await import('../test-support/testing.ts')
    const t = await createTestApp({ env: { BASEMAP: 'local', TILE_LABELS_URL: 'https://labels.office.example/{z}/{x}/{y}.png' } })
    try {
      const csp = (await t.req('/api/health')).headers.get('content-security-policy') ?? ''
      expect(csp).toMatch(/img-src [^;]*https:\/\/labels\.office\.example/)
    } finally {
      await t.close()
    }
  })
})
