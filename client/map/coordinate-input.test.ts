import { describe, expect, it } from 'vitest'
import { resolvePosition } from './coordinate-input.ts'
import { wgs84ToGcj02 } from './gcj02.ts'

const near = { lat: 39.8935, lng: 116.4645 }

describe('resolvePosition', () => {
  it('keeps WGS-84 numbers as typed', () => {
    expect(resolvePosition('39.892109, 116.471685', 'wgs84', { near })).toMatchObject({ ok: true, lat: 39.892109, lng: 116.471685, datum: 'wgs84' })
  })

  it('converts GCJ-02 numbers (an AMap share of 九龙山站) back to the WGS-84 position', () => {
    const [gLat, gLng] = wgs84ToGcj02(39.892109, 116.471685)
    const link = `https://uri.amap.com/marker?position=${gLng.toFixed(6)},${gLat.toFixed(6)}&name=九龙山站`
    const r = resolvePosition(link, 'gcj02', { near })
    expect(r.ok && r.impliedDatum).toBe('gcj02')
    if (!r.ok) throw new Error(r.key)
    expect(Math.abs(r.lat - 39.892109)).toBeLessThan(2e-6)
    expect(Math.abs(r.lng - 116.471685)).toBeLessThan(2e-6)
    // The GCJ-02 numbers themselves are hundreds of metres away from the WGS-84 position.
    expect(Math.abs(r.typed.lng - 116.471685)).toBeGreaterThan(0.005)
  })

  it('passes the parser refusals through', () => {
    expect(resolvePosition('https://uri.amap.com/marker?position=39.89,116.47', 'gcj02')).toEqual({ ok: false, key: 'coords_swapped' })
    expect(resolvePosition('31.23,121.47', 'wgs84', { near })).toEqual({ ok: false, key: 'coords_far' })
  })
})
