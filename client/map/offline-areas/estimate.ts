// Before a download starts: how many tiles, roughly how many bytes, and whether the device has room.
// A refusal carries its numbers so the page can say exactly why.
import { countTiles, rangesOf, type BBox, type TileRange } from './tile-math.ts'

/** Most tiles one area may hold: about 20 000 raster tiles is several hundred MB. */
export const MAX_TILES_PER_AREA = 20_000
/** Assumed size of one raster tile when none could be measured. */
export const DEFAULT_TILE_BYTES = 25_000

export interface AreaEstimate {
  ranges: TileRange[]
  tiles: number
  bytes: number
}

export type Refusal =
  | { reason: 'no_zoom' }
  | { reason: 'too_many_tiles'; tiles: number; max: number }
  | { reason: 'no_storage'; needed: number; available: number; usage: number; quota: number }

/** Average of measured tile sizes, or the default when nothing was measured. */
export function averageTileBytes(samples: readonly number[]): number {
  const ok = samples.filter((n) => Number.isFinite(n) && n > 0)
  return ok.length ? Math.round(ok.reduce((a, b) => a + b, 0) / ok.length) : DEFAULT_TILE_BYTES
}

export function estimateArea(bbox: BBox, zooms: readonly number[], tileBytes: number): AreaEstimate {
  const ranges = rangesOf(bbox, zooms)
  const tiles = countTiles(ranges)
  return { ranges, tiles, bytes: tiles * tileBytes }
}

/**
 * Refuses a download the device cannot hold: more tiles than the limit, or more bytes than the free
 * storage (quota − usage from navigator.storage.estimate). `remainingTiles` is what is still missing
 * (a resume needs room only for those). Unknown quota is not a refusal: the browser will stop us.
 */
export function refuseDownload(
  estimate: Pick<AreaEstimate, 'tiles'>,
  remainingTiles: number,
  tileBytes: number,
  storage: { usage: number | null; quota: number | null },
  max = MAX_TILES_PER_AREA,
): Refusal | null {
  if (estimate.tiles === 0) return { reason: 'no_zoom' }
  if (estimate.tiles > max) return { reason: 'too_many_tiles', tiles: estimate.tiles, max }
  if (storage.quota === null || storage.usage === null) return null
  const needed = remainingTiles * tileBytes
  const available = Math.max(0, storage.quota - storage.usage)
  if (needed > available) return { reason: 'no_storage', needed, available, usage: storage.usage, quota: storage.quota }
  return null
}
