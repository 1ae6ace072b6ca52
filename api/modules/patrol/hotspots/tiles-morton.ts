// Z-order (Morton) keys of the map index: a report's grid position at level MORTON_LEVEL with the bits
// of x and y interleaved. Every tile (zoom ≤ MORTON_LEVEL) and every cell of the cell table is then one
// contiguous key range, so the reports of a tile or a cell are one index range scan whose length is the
// number of reports in it, not the number in the strip of the map the tile's x range crosses.
import { GRID_BITS } from '#domain/patrol/map-tiles.ts'

/** Grid bits kept in the key: 2 × 26 bits fit a JavaScript number exactly and a 64-bit integer column. */
export const MORTON_LEVEL = 26
const DROP = 2 ** (GRID_BITS - MORTON_LEVEL)

/** The 16 bits of `v` spread to the even bits of a 32-bit number. */
function spread16(v: number): number {
  let x = v & 0xffff
  x = (x | (x << 8)) & 0x00ff00ff
  x = (x | (x << 4)) & 0x0f0f0f0f
  x = (x | (x << 2)) & 0x33333333
  x = (x | (x << 1)) & 0x55555555
  return x >>> 0
}

/** The 26 bits of `v` spread to the even bits of a 52-bit number. */
const spread = (v: number) => spread16(v) + spread16(Math.floor(v / 0x10000)) * 2 ** 32

/** The key of a position in MORTON_LEVEL units (each < 2^26). */
export const mortonAt = (u: number, v: number): number => spread(u) + 2 * spread(v)

/** The key of a grid position (GRID_BITS units). */
export const mortonOf = (gx: number, gy: number): number => mortonAt(Math.floor(gx / DROP), Math.floor(gy / DROP))

/** The keys of square `x`, `y` at `level` (a tile's zoom, or a cell level; at most MORTON_LEVEL): [from, to). */
export function mortonRange(level: number, x: number, y: number): [number, number] {
  const side = 2 ** (MORTON_LEVEL - level)
  const from = mortonAt(x * side, y * side)
  return [from, from + side * side]
}
