import { describe, expect, it } from 'vitest'
import { fitWithin, sha256Hex } from './image-encode.ts'
import { isPreciseEnough, watchGeolocation, type GeoFix } from './geolocation.ts'

describe('photo re-encode sizing', () => {
  it('fits the long edge within 1600 px without upscaling', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
  })

  it('hashes bytes as lowercase hex SHA-256', async () => {
    expect(await sha256Hex(new Blob([new TextEncoder().encode('abc')]))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('geolocation watcher', () => {
  it('reports fixes with accuracy and stops watching on request', () => {
    let cb: PositionCallback | undefined
    let cleared: number | undefined
    const geo = {
      watchPosition: (s: PositionCallback) => ((cb = s), 7),
      clearWatch: (id: number) => (cleared = id),
      getCurrentPosition: () => {},
    } as unknown as Geolocation
    const fixes: GeoFix[] = []
    const stop = watchGeolocation({ fix: (f) => fixes.push(f), problem: () => {} }, geo)
    cb!({ coords: { latitude: 39.892109, longitude: 116.471685, accuracy: 12.345 }, timestamp: 1000 } as GeolocationPosition)
    expect(fixes).toEqual([{ lat: 39.892109, lng: 116.471685, accuracy_m: 12.3, at: 1000 }])
    stop()
    expect(cleared).toBe(7)
    expect(isPreciseEnough(12.3, 30)).toBe(true)
    expect(isPreciseEnough(45, 30)).toBe(false)
    expect(isPreciseEnough(undefined, 30)).toBe(false)
  })

  it('says so when the device has no geolocation', () => {
    const problems: string[] = []
    watchGeolocation({ fix: () => {}, problem: (p) => problems.push(p) }, null)
    expect(problems).toEqual(['unsupported'])
  })
})
