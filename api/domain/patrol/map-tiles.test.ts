import { describe, expect, it } from 'vitest'
import { GRID, fromGrid, tileBounds, tileGridRange, tileOf, tileReportCount, tilesCovering, toGrid } from './map-tiles.ts'

describe('map tile arithmetic', () => {
  it('puts a position in the tile the slippy-map numbering gives it', () => {
    // 双井 at zoom 16: the tile every OSM client names for it.
    const g = toGrid(39.8925, 116.4705)
    const n = 2 ** 16
    const x = Math.floor(((116.4705 + 180) / 360) * n)
    const lat = (39.8925 * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n)
    expect(tileOf(g, 16)).toEqual([x, y])
    const b = tileBounds(16, x, y)
    expect(39.8925).toBeGreaterThanOrEqual(b.south)
    expect(39.8925).toBeLessThanOrEqual(b.north)
    expect(116.4705).toBeGreaterThanOrEqual(b.west)
    expect(116.4705).toBeLessThanOrEqual(b.east)
  })

  it('goes to the grid and back within a few centimetres, and clamps the poles', () => {
    const p = fromGrid(...toGrid(39.8925, 116.4705))
    expect(Math.abs(p.lat - 39.8925)).toBeLessThan(1e-6)
    expect(Math.abs(p.lng - 116.4705)).toBeLessThan(1e-6)
    const [gx, gy] = toGrid(90, 180)
    expect(gx).toBe(GRID - 1)
    expect(gy).toBe(0)
  })

  it('covers a view with the tiles of its zoom, nearest the centre first, and splits a tile into its four children', () => {
    const tiles = tilesCovering({ west: 116.46, south: 39.885, east: 116.48, north: 39.9 }, 15)
    const [cx, cy] = tileOf(toGrid(39.8925, 116.47), 15)
    expect(tiles.some((t) => t.x === cx && t.y === cy)).toBe(true)
    expect(tiles.length).toBeGreaterThan(1)
    expect(new Set(tiles.map((t) => `${t.x}/${t.y}`)).size).toBe(tiles.length)
    const [x0, y0, x1, y1] = tileGridRange(3, 5, 2)
    const kids = [tileGridRange(4, 10, 4), tileGridRange(4, 11, 5)]
    expect(kids[0]![0]).toBe(x0)
    expect(kids[0]![1]).toBe(y0)
    expect(kids[1]![2]).toBe(x1)
    expect(kids[1]![3]).toBe(y1)
  })

  it('counts the reports a tile stands for', () => {
    expect(
      tileReportCount({
        clusters: [
          [39.9, 116.4, 12],
          [39.9, 116.5, 3],
        ],
        points: [['a', 39.9, 116.4, 0, 0]],
      }),
    ).toBe(16)
  })
})
