// Web Worker: builds the supercluster index of every report point off the main thread and answers
// viewport queries, so 50 000 reports pan and zoom without blocking the page.
import Supercluster from 'supercluster'
import type { Feature, Point } from 'geojson'
import type { ClusterRequest, ClusterResponse, PointProps } from './cluster-protocol.ts'

let index: Supercluster<PointProps, { n: number }> | null = null

self.onmessage = (ev: MessageEvent<ClusterRequest>) => {
  const msg = ev.data
  if (msg.type === 'load') {
    const started = performance.now()
    const { ids, coords, kinds, statuses } = msg
    const features: Feature<Point, PointProps>[] = new Array(ids.length)
    for (let i = 0; i < ids.length; i++) {
      features[i] = {
        type: 'Feature',
        properties: { id: ids[i]!, k: kinds[i]!, s: statuses[i]! },
        geometry: { type: 'Point', coordinates: [coords[2 * i + 1]!, coords[2 * i]!] },
      }
    }
    index = new Supercluster<PointProps, { n: number }>({ radius: 80, maxZoom: 18, minPoints: 3 })
    index.load(features)
    const reply: ClusterResponse = { type: 'loaded', seq: msg.seq, count: ids.length, ms: performance.now() - started }
    ;(self as unknown as Worker).postMessage(reply)
    return
  }
  if (msg.type === 'query') {
    const started = performance.now()
    const found = index ? index.getClusters(msg.bbox, Math.round(msg.zoom)) : []
    // Flat arrays: [lat, lng, count, kind-or--1] per item; ids only for single points.
    const flat = new Float64Array(found.length * 4)
    const ids: string[] = []
    found.forEach((f, i) => {
      const [lng, lat] = f.geometry.coordinates as [number, number]
      const p = f.properties as Partial<PointProps> & { cluster?: boolean; point_count?: number; cluster_id?: number }
      flat[4 * i] = lat
      flat[4 * i + 1] = lng
      flat[4 * i + 2] = p.cluster ? (p.point_count ?? 0) : 1
      flat[4 * i + 3] = p.cluster ? -(p.cluster_id ?? 0) - 1 : (p.k ?? 0)
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
