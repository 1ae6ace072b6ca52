import { describe, expect, it } from 'vitest'
import { closeRing, distanceToRingM, pointInRing, polygonIssues, ringAreaM2, selfIntersection, type LngLat } from './geo-polygon.ts'

const CENTER = { lat: 39.8935, lng: 116.4645 }
/** A square of `side` metres with its south-west corner at the 九龙山 station. */
function square(side: number, at: LngLat = [116.471685, 39.892109]): LngLat[] {
  const dLat = side / 110_574
  const dLng = side / (111_320 * Math.cos((at[1] * Math.PI) / 180))
  return closeRing([at, [at[0] + dLng, at[1]], [at[0] + dLng, at[1] + dLat], [at[0], at[1] + dLat]])
}
const poly = (ring: LngLat[]) => ({ type: 'Polygon' as const, coordinates: [ring] })

describe('polygon validation', () => {
  it('accepts a 10 m square near the station and measures ~100 m²', () => {
    const ring = square(10)
    expect(ringAreaM2(ring)).toBeCloseTo(100, 0)
    expect(polygonIssues(poly(ring), { center: CENTER })).toEqual([])
  })

  it('rejects an open ring', () => {
    const ring = square(10).slice(0, -1)
    expect(polygonIssues(poly(ring), { center: CENTER })).toEqual([{ path: 'coordinates.0', key: 'polygon_not_closed' }])
  })

  it('rejects fewer than three distinct corners and repeated corners', () => {
    const [a, b] = square(10) as [LngLat, LngLat]
    expect(polygonIssues(poly([a, b, a]), { center: CENTER })[0]!.key).toBe('polygon_too_few')
    expect(polygonIssues(poly([a, b, b, a]), { center: CENTER })[0]!.key).toBe('polygon_too_few')
  })

  it('rejects a bow-tie that crosses itself', () => {
    const [a, b, c, d] = square(10) as [LngLat, LngLat, LngLat, LngLat]
    const bowtie = closeRing([a, c, b, d])
    expect(selfIntersection(bowtie)).toBeGreaterThanOrEqual(0)
    expect(polygonIssues(poly(bowtie), { center: CENTER }).map((i) => i.key)).toEqual(['polygon_self_intersects'])
  })

  it('rejects a sliver under 4 m² and an area over 20 000 m²', () => {
    expect(polygonIssues(poly(square(1.5)), { center: CENTER }).map((i) => i.key)).toEqual(['polygon_too_small'])
    expect(polygonIssues(poly(square(200)), { center: CENTER }).map((i) => i.key)).toEqual(['polygon_too_large'])
  })

  it('names the first corner that leaves the subdistrict', () => {
    const far = square(10, [116.5, 39.892109])
    expect(polygonIssues(poly(far), { center: CENTER })).toEqual([{ path: 'coordinates.0.0', key: 'polygon_outside' }])
  })

  it('measures point-to-polygon distance (0 inside)', () => {
    const ring = square(10)
    expect(pointInRing({ lat: 39.892109 + 0.00004, lng: 116.471685 + 0.00005 }, ring)).toBe(true)
    expect(distanceToRingM({ lat: 39.892109 + 0.00004, lng: 116.471685 + 0.00005 }, ring)).toBe(0)
    // 100 m south of the square's south edge.
    expect(distanceToRingM({ lat: 39.892109 - 100 / 110_574, lng: 116.471685 + 0.00005 }, ring)).toBeCloseTo(100, 0)
  })
})
