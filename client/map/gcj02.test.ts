import { describe, expect, it } from 'vitest'
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts'

describe('GCJ-02 shift', () => {
  it('shifts Beijing by a few hundred metres and leaves places outside China alone', () => {
    const [lat, lng] = wgs84ToGcj02(39.892109, 116.471685)
    expect(Math.abs(lat - 39.892109)).toBeGreaterThan(0.0005)
    expect(Math.abs(lng - 116.471685)).toBeGreaterThan(0.003)
    expect(wgs84ToGcj02(51.5, -0.12)).toEqual([51.5, -0.12])
  })
  it('round-trips to within a centimetre', () => {
    const [gLat, gLng] = wgs84ToGcj02(39.892109, 116.471685)
    const [lat, lng] = gcj02ToWgs84(gLat, gLng)
    expect(Math.abs(lat - 39.892109)).toBeLessThan(1e-7)
    expect(Math.abs(lng - 116.471685)).toBeLessThan(1e-7)
  })
})
