import { describe, expect, it } from 'vitest'
import { bboxAround, countTiles, inRanges, rangeOf, rangesOf, tileOf, tilesOf, tileUrl } from './tile-math.ts'

describe('tile math', () => {
  it('finds the tile of a point as XYZ servers count (known tiles of 双井 and of the world corners)', () => {
    expect(tileOf(0, 0, 1)).toEqual({ x: 1, y: 1 })
    expect(tileOf(85, -180, 3)).toEqual({ x: 0, y: 0 })
    expect(tileOf(-85, 179.999, 3)).toEqual({ x: 7, y: 7 })
    // 双井 (39.8935, 116.4645) at z15: x = floor((296.4645/360)·32768), y from the Mercator formula.
    expect(tileOf(39.8935, 116.4645, 15)).toEqual({ x: 26984, y: 12417 })
  })

  it('turns a box into tile ranges per zoom and counts them', () => {
    const bbox = { west: 116.455, south: 39.887, east: 116.48, north: 39.9 }
    const r15 = rangeOf(bbox, 15)
    expect(r15.minX).toBeLessThanOrEqual(r15.maxX)
    expect(r15.minY).toBeLessThanOrEqual(r15.maxY)
    const ranges = rangesOf(bbox, [16, 15, 15])
    expect(ranges.map((r) => r.z)).toEqual([15, 16])
    const n15 = (r15.maxX - r15.minX + 1) * (r15.maxY - r15.minY + 1)
    expect(countTiles(ranges)).toBe(n15 + countTiles([rangeOf(bbox, 16)]))
    expect([...tilesOf(ranges)]).toHaveLength(countTiles(ranges))
    // Each zoom level up roughly quadruples an area's tiles.
    const big = { west: 116.3, south: 39.8, east: 116.6, north: 40.0 }
    const c14 = countTiles(rangesOf(big, [14]))
    const c15 = countTiles(rangesOf(big, [15]))
    expect(c15 / c14).toBeGreaterThan(3.5)
    expect(c15 / c14).toBeLessThan(4.5)
  })

  it('a box inside one tile is one tile', () => {
    const t = tileOf(39.8935, 116.4645, 12)
    expect(countTiles(rangesOf({ west: 116.4644, south: 39.8934, east: 116.4646, north: 39.8936 }, [12]))).toBe(1)
    expect(inRanges(rangesOf({ west: 116.4644, south: 39.8934, east: 116.4646, north: 39.8936 }, [12]), { z: 12, ...t })).toBe(true)
  })

  it('builds the URL Leaflet requests: same subdomain choice, TMS row, relative template resolved', () => {
    expect(tileUrl('/tiles/{z}/{x}/{y}.png', [], { z: 3, x: 1, y: 2 }, 'http://h:1/maps/offline')).toBe('http://h:1/tiles/3/1/2.png')
    expect(tileUrl('https://t{s}.example/{z}/{x}/{y}', ['0', '1', '2'], { z: 5, x: 4, y: 3 }, 'http://h/')).toBe('https://t1.example/5/4/3')
    expect(tileUrl('https://{s}.example/{z}/{x}/{-y}.png', [], { z: 2, x: 0, y: 0 }, 'http://h/')).toBe('https://a.example/2/0/3.png')
  })

  it('pads a box around points by metres', () => {
    const b = bboxAround([{ lat: 39.9, lng: 116.4 }], 1113.2)!
    expect(b.north - b.south).toBeCloseTo(0.02, 4)
    expect(b.east - b.west).toBeGreaterThan(0.02)
    expect(bboxAround([], 100)).toBeNull()
  })
})
