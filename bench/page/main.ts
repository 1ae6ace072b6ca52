// The in-browser half of the bench: exposes window.lastmileBench for Playwright to call. It uses the
// app's own cluster client and outbox write path.
import { markerClusterRender, markerClusterPanZoom } from './markercluster-bench.ts'
import { superclusterRender, superclusterPanZoom, superclusterReload } from './supercluster-bench.ts'
import { outboxLatency } from './outbox-bench.ts'
import { resetMap } from './map-setup.ts'
import type { MapPoint } from '#domain/patrol/workflow.ts'

export interface BenchApi {
  ready: true
  resetMap(): void
  superclusterRender: typeof superclusterRender
  superclusterPanZoom: typeof superclusterPanZoom
  superclusterReload: typeof superclusterReload
  markerClusterRender: typeof markerClusterRender
  markerClusterPanZoom: typeof markerClusterPanZoom
  outboxLatency: typeof outboxLatency
  /** Points handed in by the driver once, kept here so every run uses the same array. */
  points: MapPoint[]
  setPoints(p: MapPoint[]): number
}

const api: BenchApi = {
  ready: true,
  resetMap,
  superclusterRender,
  superclusterPanZoom,
  superclusterReload,
  markerClusterRender,
  markerClusterPanZoom,
  outboxLatency,
  points: [],
  setPoints(p) {
    api.points = p
    return p.length
  },
}
;(window as unknown as { lastmileBench: BenchApi }).lastmileBench = api
