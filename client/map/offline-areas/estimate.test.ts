import { describe, expect, it } from 'vitest'
import { averageTileBytes, DEFAULT_TILE_BYTES, estimateArea, MAX_TILES_PER_AREA, refuseDownload } from './estimate.ts'
import { countTiles, rangesOf } from './tile-math.ts'

const bbox = { west: 116.455, south: 39.887, east: 116.48, north: 39.9 }

describe('area estimate', () => {
  it('is the tile count times the measured average tile size', () => {
    const e = estimateArea(bbox, [13, 14, 15], averageTileBytes([10_000, 20_000, 0]))
    expect(e.tiles).toBe(countTiles(rangesOf(bbox, [13, 14, 15])))
    expect(e.bytes).toBe(e.tiles * 15_000)
    expect(averageTileBytes([])).toBe(DEFAULT_TILE_BYTES)
  })

  it('refuses an area over the tile limit', () => {
    const big = estimateArea({ west: 116.2, south: 39.7, east: 116.7, north: 40.1 }, [17], 1)
    expect(big.tiles).toBeGreaterThan(MAX_TILES_PER_AREA)
    expect(refuseDownload(big, big.tiles, 1, { usage: 0, quota: 1e12 })).toEqual({ reason: 'too_many_tiles', tiles: big.tiles, max: MAX_TILES_PER_AREA })
  })

  it('refuses, with the numbers, a download larger than the free storage', () => {
    const r = refuseDownload({ tiles: 1000 }, 1000, 20_000, { usage: 95_000_000, quota: 100_000_000 })
    expect(r).toEqual({ reason: 'no_storage', needed: 20_000_000, available: 5_000_000, usage: 95_000_000, quota: 100_000_000 })
  })

  it('lets a resume through when only the missing tiles fit', () => {
    // 1000 tiles in all would not fit; the 200 still missing do.
    expect(refuseDownload({ tiles: 1000 }, 200, 20_000, { usage: 95_000_000, quota: 100_000_000 })).toBeNull()
  })

  it('refuses an empty zoom choice and lets an unknown quota through', () => {
    expect(refuseDownload({ tiles: 0 }, 0, 1, { usage: 0, quota: 1 })).toEqual({ reason: 'no_zoom' })
    expect(refuseDownload({ tiles: 10 }, 10, 1e9, { usage: null, quota: null })).toBeNull()
  })
})
