// Web Worker: builds the supercluster index of the map's features off the main thread and answers
// viewport queries. Features are reports, or the clusters of the server's map tiles weighted by their
// count: the worker merges neighbouring cells (also across tile edges) and sums their counts.
import Supercluster from 'supercluster'
import type { Feature, Point } from 'geojson'
import { TILE_CLUSTER_CODE, type ClusterRequest, type ClusterResponse, type PointProps } from './cluster-protocol.ts'

let index: Supercluster<PointProps, { n: number }> | null = null

self.onmessage = (ev: MessageEvent<ClusterRequest>) => {
  const msg = ev.data
  if (msg.type === 'load') {
    const started = performance.now()
    const { ids, coords, kinds, statuses, weights, maxZoom } = msg
    const features: Feature<Point, PointProps>[] = new Array(ids.length)
    let weighted = false
    for (let i = 0; i < ids.length; i++) {
      const w = weights[i] ?? 1
      if (w > 1) weighted = true
      features[i] = {
        type: 'Feature',
        properties: { id: ids[i]!, k: kinds[i]!, s: statuses[i]!, w },
        geometry: { type: 'Point', coordinates: [coords[2 * i + 1]!, coords[2 * i]!] },
      }
    }
    // Tile clusters already stand for many reports: two of them close together are merged.
    index = new Supercluster<PointProps, { n: number }>({
      radius: weighted ? 60 : 80,
      maxZoom,
      minPoints: weighted ? 2 : 3,
      map: (p) => ({ n: p.w }),
      reduce: (acc, p) => {
        acc.n += p.n
      },
    })
    index.load(features)
    const reply: ClusterResponse = { type: 'loaded', seq: msg.seq, count: ids.length, ms: performance.now() - started }
    ;(self as unknown as Worker).postMessage(reply)
    return
  }
  if (msg.type === 'query') {
    const started = performance.now()
    const found = index ? index.getClusters(msg.bbox, Math.round(msg.zoom)) : []
    // Flat arrays: [lat, lng, count, code] per item, code: kind (a report), -id-1 (a worker cluster) or
    // TILE_CLUSTER_CODE (one tile cluster); ids for single reports and the cell keys of tile clusters.
    const flat = new Float64Array(found.length * 4)
    const ids: string[] = []
    found.forEach((f, i) => {
      const [lng, lat] = f.geometry.coordinates as [number, number]
      const p = f.properties as Partial<PointProps> & { cluster?: boolean; cluster_id?: number; n?: number }
      const w = p.w ?? 1
      flat[4 * i] = lat
      flat[4 * i + 1] = lng
      flat[4 * i + 2] = p.cluster ? (p.n ?? 0) : w
      flat[4 * i + 3] = p.cluster ? -(p.cluster_id ?? 0) - 1 : w > 1 ? TILE_CLUSTER_CODE : (p.k ?? 0)
      ids.push(p.cluster ? '' : (p.id ?? ''))
    })
    const reply: ClusterResponse = { type: 'clusters', seq: msg.seq, flat, ids, ms: performance.now() - started }
    ;(self as unknown as Worker).postMessage(reply, [flat.buffer])
    return
  }
  if (msg.type === 'expand') {
    const zoom = index ? index.getClusterExpansionZoom(msg.clusterId) : 0
    const reply: ClusterResponse = { type: 'expanded', seq: msg.seq, zoom }
    ;(self as unknown as Worker).postMessage(reply)
  }
}
