import { describe, expect, it } from 'vitest'
import { jsonBytes, layerIssues, LayerFeatureCollection, MAX_LAYER_BYTES, normaliseLayer, ReferenceLayerInput } from './reference-layers.ts'
import { translateMessage } from './messages.ts'

const center = { lat: 39.8935, lng: 116.4645 }
const fc = (...geometries: unknown[]) => ({
  type: 'FeatureCollection',
  features: geometries.map((geometry) => ({ type: 'Feature', properties: { name: 'x' }, geometry })),
})
const issues = (value: unknown) => layerIssues(LayerFeatureCollection.parse(value), { center })
const schemaCodes = (value: unknown) => LayerFeatureCollection.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)

describe('reference layer GeoJSON', () => {
  it('accepts points, lines, polygons and their Multi forms near the subdistrict', () => {
    const ring = [
      [116.47, 39.89],
      [116.471, 39.89],
      [116.471, 39.891],
      [116.47, 39.89],
    ]
    const ok = fc(
      { type: 'Point', coordinates: [116.4717, 39.8921] },
      { type: 'MultiPoint', coordinates: [[116.4717, 39.8921]] },
      { type: 'LineString', coordinates: ring.slice(0, 2) },
      { type: 'MultiLineString', coordinates: [ring.slice(0, 2)] },
      { type: 'Polygon', coordinates: [ring] },
      { type: 'MultiPolygon', coordinates: [[ring]] },
    )
    expect(schemaCodes(ok)).toBeUndefined()
    expect(issues(ok)).toEqual([])
  })

  it('names a swapped [lat, lng] position, one out of range, one far away and an open ring', () => {
    expect(issues(fc({ type: 'Point', coordinates: [39.9, 116.4] }))).toEqual([{ path: 'features.0.geometry.coordinates', key: 'layer_swapped' }])
    // Both orders in range but only the swapped one near: still named as swapped.
    expect(
      issues(
        fc({
          type: 'LineString',
          coordinates: [
            [116.47, 39.89],
            [39.89, 116.47],
          ],
        }),
      ),
    ).toEqual([{ path: 'features.0.geometry.coordinates.1', key: 'layer_swapped' }])
    expect(issues(fc({ type: 'Point', coordinates: [200, 10] }))).toEqual([{ path: 'features.0.geometry.coordinates', key: 'layer_range' }])
    expect(issues(fc({ type: 'Point', coordinates: [121.47, 31.23] }))).toEqual([{ path: 'features.0.geometry.coordinates', key: 'layer_outside' }])
    const open = [
      [116.47, 39.89],
      [116.471, 39.89],
      [116.471, 39.891],
      [116.4701, 39.8901],
    ]
    expect(issues(fc({ type: 'Polygon', coordinates: [open] }))).toEqual([{ path: 'features.0.geometry.coordinates.0', key: 'layer_ring_open' }])
    expect(translateMessage('layer_swapped', 'zh-CN')).toContain('填反')
  })

  it('refuses what is not a FeatureCollection of supported geometry, empty or too many features', () => {
    expect(schemaCodes({ type: 'Feature' })).toContain('type:layer_not_geojson')
    expect(schemaCodes(fc({ type: 'GeometryCollection', geometries: [] }))?.[0]).toMatch(/^features\.0\.geometry(\.type)?:/)
    expect(schemaCodes(fc({ type: 'LineString', coordinates: [[116.47, 39.89]] }))).toEqual(['features.0.geometry.coordinates:layer_line_short'])
    expect(schemaCodes(fc({ type: 'Point', coordinates: ['116', 39.89] }))).toEqual(['features.0.geometry.coordinates.0:layer_position'])
    expect(schemaCodes({ type: 'FeatureCollection', features: [] })).toEqual(['features:layer_empty'])
    const many = fc(...Array.from({ length: 20_001 }, () => ({ type: 'Point', coordinates: [116.47, 39.89] })))
    expect(schemaCodes(many)).toEqual(['features:layer_too_many'])
  })

  it('refuses a body whose GeoJSON is above 5 MB', () => {
    const coords = Array.from({ length: 230_000 }, (_, i) => [116.46 + i * 1e-9, 39.89])
    const input = { kind: 'roads', name: '大', geojson: fc({ type: 'LineString', coordinates: coords }) }
    expect(jsonBytes(input.geojson)).toBeGreaterThan(MAX_LAYER_BYTES)
    const r = ReferenceLayerInput.safeParse(input)
    expect(r.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual(['geojson:layer_too_large'])
  })

  it('keeps only geometry and a string name, rounded to 7 decimals', () => {
    const raw = LayerFeatureCollection.parse({
      type: 'FeatureCollection',
      crs: { type: 'name' },
      features: [
        { type: 'Feature', properties: { name: 12, phone: '13800138000' }, geometry: { type: 'Point', coordinates: [116.123456789, 39.987654321] } },
        { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [116.1, 39.9] } },
      ],
    })
    expect(normaliseLayer(raw)).toEqual({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '12' }, geometry: { type: 'Point', coordinates: [116.1234568, 39.9876543] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [116.1, 39.9] } },
      ],
    })
  })
})
