// Morton keys of the map index: a key is the bits of x and y interleaved, and a tile or a cell is
// exactly one key range.
import { describe, expect, it } from 'vitest'
import { GRID, GRID_BITS, tileOf } from '#domain/patrol/map-tiles.ts'
import { MORTON_LEVEL, mortonAt, mortonOf, mortonRange } from './tiles-morton.ts'

/** Deterministic grid positions: the corners of the world, tile edges, and a spread in between. */
function positions(): [number, number][] {
  const out: [number, number][] = [
    [0, 0],
    [GRID - 1, GRID - 1],
    [GRID - 1, 0],
    [0, GRID - 1],
    [2 ** 29, 2 ** 29 - 1],
  ]
  let s = 12345
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
  for (let i = 0; i < 400; i++) out.push([Math.floor(next() * GRID), Math.floor(next() * GRID)])
  // Around one spot in Beijing, where a zoom-18 tile's neighbours differ in low bits only.
  for (let i = 0; i < 100; i++) out.push([883_000_000 + Math.floor(next() * 40_000), 406_000_000 + Math.floor(next() * 40_000)])
  return out
}

describe('Morton keys of the map index', () => {
  it('interleaves the bits of x (even) and y (odd), exactly, up to 52 bits', () => {
    expect(mortonAt(0, 0)).toBe(0)
    expect(mortonAt(1, 0)).toBe(1)
    expect(mortonAt(0, 1)).toBe(2)
    expect(mortonAt(3, 5)).toBe(0b100111)
    const top = 2 ** MORTON_LEVEL - 1
    expect(mortonAt(top, top)).toBe(2 ** 52 - 1)
    expect(mortonAt(top, 0)).toBe((2 ** 52 - 1) / 3)
    expect(Number.isSafeInteger(mortonOf(GRID - 1, GRID - 1))).toBe(true)
  })

  it('a position is in the key range of a tile or a cell exactly when it lies in that tile or cell', () => {
    const ps = positions()
    for (const level of [0, 5, 13, 16, 17, 18, 20, MORTON_LEVEL]) {
      for (const [gx, gy] of ps) {
        const [x, y] = tileOf([gx, gy], level)
        const [from, to] = mortonRange(level, x, y)
        const m = mortonOf(gx, gy)
        expect(m >= from && m < to, `level ${level}`).toBe(true)
        // The neighbouring squares' ranges do not hold it.
        for (const [dx, dy] of [
          [1, 0],
          [0, 1],
          [-1, 0],
          [0, -1],
        ] as const) {
          const nx = x + dx
          const ny = y + dy
          if (nx < 0 || ny < 0 || nx >= 2 ** level || ny >= 2 ** level) continue
          const [a, b] = mortonRange(level, nx, ny)
          expect(m >= a && m < b, `level ${level} neighbour ${dx},${dy}`).toBe(false)
        }
      }
    }
    expect(mortonRange(0, 0, 0)).toEqual([0, 2 ** 52])
    expect(GRID_BITS).toBeGreaterThanOrEqual(MORTON_LEVEL)
  })
})
