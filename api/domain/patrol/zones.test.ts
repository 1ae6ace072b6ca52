import { describe, expect, it } from 'vitest'
import { closeRing, type LngLat } from '../geo-polygon.ts'
import { planZoneEdit, walkingEstimate, zoneHistory, zonesByDistance, zoneShape, ZoneInput } from './zones.ts'

const sq = (lng: number, lat: number, d = 0.0001): LngLat[] =>
  closeRing([
    [lng, lat],
    [lng + d, lat],
    [lng + d, lat + d],
    [lng, lat + d],
  ])
const zone = (id: string, lng: number, lat: number) => {
  const geometry = { type: 'Polygon' as const, coordinates: [sq(lng, lat)] }
  return { id, geometry, ...zoneShape(geometry) }
}

describe('zone versioning', () => {
  it('edits a planned zone in place and publishes it when it becomes active', () => {
    expect(planZoneEdit({ status: 'planned', superseded_by: null }, 'planned')).toEqual({ ok: true, mode: 'in_place', publish: false })
    expect(planZoneEdit({ status: 'planned', superseded_by: null }, 'active')).toEqual({ ok: true, mode: 'in_place', publish: true })
  })
  it('never rewrites an active zone: edits and retiring publish a new version', () => {
    expect(planZoneEdit({ status: 'active', superseded_by: null }, 'active')).toEqual({ ok: true, mode: 'new_version', publish: true })
    expect(planZoneEdit({ status: 'active', superseded_by: null }, 'retired')).toMatchObject({ ok: true, mode: 'new_version' })
    expect(planZoneEdit({ status: 'active', superseded_by: null }, 'planned')).toMatchObject({ ok: false, key: 'zone_status_change' })
  })
  it('refuses edits of a replaced version or a retired zone', () => {
    expect(planZoneEdit({ status: 'active', superseded_by: 'x' }, 'active')).toMatchObject({ ok: false, key: 'zone_superseded' })
    expect(planZoneEdit({ status: 'retired', superseded_by: null }, 'active')).toMatchObject({ ok: false, key: 'zone_retired' })
  })
  it('follows prev links newest first', () => {
    const versions = [
      { id: 'v1', prev_id: null },
      { id: 'v3', prev_id: 'v2' },
      { id: 'v2', prev_id: 'v1' },
    ]
    expect(zoneHistory(versions, 'v3').map((v) => v.id)).toEqual(['v3', 'v2', 'v1'])
  })
})

describe('zones for residents', () => {
  it('orders zones by distance and estimates the walk', () => {
    const at = { lat: 39.892109, lng: 116.471685 }
    const out = zonesByDistance([zone('far', 116.4745, 39.8921), zone('near', 116.4718, 39.8922)], at)
    expect(out.map((z) => z.id)).toEqual(['near', 'far'])
    expect(out[0]!.walk_min).toBeGreaterThanOrEqual(1)
    expect(walkingEstimate(300)).toEqual({ metres: 390, minutes: 5 })
  })
  it('validates capacity, kinds and opening hours per field', () => {
    const r = ZoneInput.safeParse({
      name: 'x',
      community_id: 'jiulongnan',
      geometry: { type: 'Polygon', coordinates: [sq(116.47, 39.89)] },
      capacity: 0,
      vehicle_kinds: [],
      opening_hours: '7点到22点',
    })
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'capacity:zone_capacity',
      'vehicle_kinds:zone_vehicle_kinds',
      'opening_hours:zone_opening_hours',
    ])
    expect(
      ZoneInput.safeParse({
        name: 'x',
        community_id: 'jiulongnan',
        geometry: { type: 'Polygon', coordinates: [sq(116.47, 39.89)] },
        capacity: 30,
        vehicle_kinds: ['bicycle'],
        opening_hours: '07:00-22:00',
      }).success,
    ).toBe(true)
  })
})
