// One run of an area's download (first download, resume or refresh): computes its tile URLs, runs the
// downloader, and reports progress and the final counts for the caller to keep. No Vue, no Dexie.
import type { Basemap } from '#domain/config.ts'
import { wgs84ToGcj02 } from '../gcj02.ts'
import { downloadTiles, type DownloadProgress, type TileStore } from './downloader.ts'
import { areaUrls } from './tile-cache.ts'
import { rangesOf, type BBox, type TileRange } from './tile-math.ts'

export type RunKind = 'download' | 'resume' | 'refresh'

export interface AreaCounts {
  tiles: number
  stored: number
  absent: number
  failed: number
  bytes: number
  status: 'complete' | 'incomplete' | 'paused'
  /** Stopped because the device's storage is full. */
  storageFull: boolean
}

/** The basemap's tile ranges for a WGS-84 box: a GCJ-02 basemap draws the place shifted, so its tiles are too. */
export function basemapRanges(bbox: BBox, zooms: readonly number[], basemap: Pick<Basemap, 'gcj02'>): TileRange[] {
  if (!basemap.gcj02) return rangesOf(bbox, zooms)
  const [south, west] = wgs84ToGcj02(bbox.south, bbox.west)
  const [north, east] = wgs84ToGcj02(bbox.north, bbox.east)
  return rangesOf({ west, south, east, north }, zooms)
}

export interface RunOptions {
  area: { ranges: TileRange[]; url: string; subdomains: string[]; bytes: number }
  kind: RunKind
  store: TileStore
  base: string
  signal?: AbortSignal
  fetch?: typeof fetch
  concurrency?: number
  retryDelayMs?: number
  onProgress?: (p: DownloadProgress) => void
}

/**
 * Runs the download. A resume fetches only what the store lacks and adds its bytes to the area's; a
 * refresh fetches every tile again and counts bytes afresh. Aborted → `paused` (resume continues).
 */
export async function runAreaDownload(o: RunOptions): Promise<AreaCounts> {
  const urls = areaUrls(o.area, o.base)
  const r = await downloadTiles({
    urls,
    store: o.store,
    fetch: o.fetch,
    signal: o.signal,
    concurrency: o.concurrency ?? 5,
    retryDelayMs: o.retryDelayMs,
    skipHeld: o.kind !== 'refresh',
    onProgress: o.onProgress,
  })
  const bytes = (o.kind === 'resume' ? o.area.bytes : 0) + r.bytes
  const status = r.aborted ? 'paused' : r.failed > 0 || r.storageFull ? 'incomplete' : 'complete'
  return { tiles: r.total, stored: r.stored + r.held, absent: r.absent, failed: r.failed, bytes, status, storageFull: r.storageFull }
}
