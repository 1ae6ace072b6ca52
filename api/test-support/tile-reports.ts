// What a closest-zoom map tile shows, report by report: its points, and the reports each of its
// clusters' cells lists (a cluster there cannot be split by zooming, so its cell is listed instead).
import { CellReports, MapTile } from '#domain/patrol/map-tiles.ts'

/** The ids tile z/x/y shows under the query, through `get` (a signed-in GET answering JSON). */
export async function idsShown(get: (path: string) => Promise<Response>, z: number, x: number, y: number, query = ''): Promise<string[]> {
  const q = query ? `?${query}` : ''
  const tile = MapTile.parse(await (await get(`/api/patrol/hotspots/tiles/${z}/${x}/${y}${q}`)).json())
  const ids = tile.points.map((p) => p[0])
  for (const c of tile.clusters) {
    if (c[3] === undefined) throw new Error(`a cluster of tile ${z}/${x}/${y} names no cell`)
    let before = ''
    do {
      const sep = query ? `&${query}` : ''
      const res = await get(`/api/patrol/hotspots/tiles/${z}/${x}/${y}/cells/${c[3]}?limit=200${before && `&before=${before}`}${sep}`)
      const page = CellReports.parse(await res.json())
      ids.push(...page.items.map((r) => r.id))
      before = page.next ?? ''
    } while (before)
  }
  return ids
}
