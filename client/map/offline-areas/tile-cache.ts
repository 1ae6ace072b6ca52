// The device's saved map tiles: the Cache Storage cache `map-areas`, which the service worker
// answers tile requests from before its own size-limited `map-tiles` cache (vite.config.ts).
import type { TileStore } from './downloader.ts'
import { inRanges, tilesOf, tileUrl, type TileRange } from './tile-math.ts'

export const AREA_CACHE = 'map-areas'

const open = () => caches.open(AREA_CACHE)

export const areaTileStore: TileStore = {
  async urls() {
    const keys = await (await open()).keys()
    return new Set(keys.map((r) => r.url))
  },
  async put(url, body, contentType) {
    const res = new Response(body, {
      status: 200,
      headers: { 'content-type': contentType, 'content-length': String(body.byteLength), date: new Date().toUTCString() },
    })
    await (await open()).put(url, res)
  },
}

export interface AreaTiles {
  ranges: TileRange[]
  url: string
  subdomains: string[]
}

export function areaUrls(area: AreaTiles, base: string): string[] {
  return Array.from(tilesOf(area.ranges), (t) => tileUrl(area.url, area.subdomains, t, base))
}

/** URLs of an area that no other saved area covers: what deleting the area may remove. */
export function urlsOnlyIn(area: AreaTiles, others: readonly AreaTiles[], base: string): string[] {
  const out: string[] = []
  for (const t of tilesOf(area.ranges)) {
    const url = tileUrl(area.url, area.subdomains, t, base)
    if (!others.some((o) => inRanges(o.ranges, t) && tileUrl(o.url, o.subdomains, t, base) === url)) out.push(url)
  }
  return out
}

export async function deleteTiles(urls: readonly string[]): Promise<void> {
  const cache = await open()
  for (const url of urls) await cache.delete(url)
}

/** Removes every saved tile (the last area was deleted, or the device is being cleared). */
export async function dropAreaCache(): Promise<void> {
  await caches.delete(AREA_CACHE)
}
