// The comparison for supercluster: Leaflet.markercluster, the usual way to cluster markers in Leaflet,
// clustering the same 50 000 points on the main thread and drawing them as DOM markers.
import L from './leaflet-global.ts'
import 'leaflet.markercluster'
import 'leaflet.markercluster/dist/MarkerCluster.css'
import 'leaflet.markercluster/dist/MarkerCluster.Default.css'
import type { MapPoint } from '#domain/patrol/workflow.ts'
import { currentMap, painted, resetMap, views } from './map-setup.ts'

let group: L.MarkerClusterGroup | null = null

export interface MarkerClusterRender {
  /** Marker creation + addLayers (the clustering), main thread. */
  buildMs: number
  /** From the points in hand to clusters on screen. */
  renderMs: number
  /** Longest single main-thread block during the render (what the user feels as a freeze). */
  blockedMs: number
}

export async function markerClusterRender(points: MapPoint[]): Promise<MarkerClusterRender> {
  const map = resetMap()
  const t0 = performance.now()
  group = L.markerClusterGroup({ chunkedLoading: false, animate: false, animateAddingMarkers: false })
  map.addLayer(group)
  const markers = points.map((p) => L.marker([p[1], p[2]]))
  group.addLayers(markers)
  const t1 = performance.now()
  await painted()
  const t2 = performance.now()
  return { buildMs: t1 - t0, renderMs: t2 - t0, blockedMs: t1 - t0 }
}

/** Each pan/zoom from setView until the re-clustered markers are painted. */
export async function markerClusterPanZoom(n: number): Promise<number[]> {
  const map = currentMap()
  const out: number[] = []
  for (const v of views(n)) {
    const t0 = performance.now()
    map.setView(v.center, v.zoom, { animate: false })
    await painted()
    out.push(performance.now() - t0)
  }
  return out
}
