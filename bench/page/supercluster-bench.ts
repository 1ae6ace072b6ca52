// The app's clustering path: its own cluster client (client/map/cluster-client.ts) builds the supercluster
// index in a Web Worker and answers viewport queries; the page draws the answer on a canvas layer.
import L from 'leaflet'
import type { MapPoint } from '#domain/patrol/workflow.ts'
import { bboxOf, currentMap, painted, resetMap, views } from './map-setup.ts'

/** The part of the app's Clusterer the bench calls (declared here so the bench type-checks without it). */
interface Clusterer {
  load(points: readonly MapPoint[]): Promise<{ count: number; ms: number }>
  query(bbox: [number, number, number, number], zoom: number): Promise<{ items: { lat: number; lng: number; count: number }[]; ms: number } | null>
  dispose(): void
}

const modules = import.meta.glob<{ createClusterer: () => Clusterer }>('../../client/map/cluster-client.ts')
let clusterer: Clusterer | null = null
let layer: L.LayerGroup | null = null

async function create(): Promise<Clusterer> {
  const load = Object.values(modules)[0]
  if (!load) throw new Error('client/map/cluster-client.ts is not in the tree (hotspots issue)')
  clusterer?.dispose()
  clusterer = (await load()).createClusterer()
  return clusterer
}

async function draw(map: L.Map): Promise<{ queryMs: number; workerQueryMs: number; items: number }> {
  const t0 = performance.now()
  const r = await clusterer!.query(bboxOf(map), map.getZoom())
  const queryMs = performance.now() - t0
  if (!r) throw new Error('cluster query superseded')
  layer?.remove()
  layer = L.layerGroup(
    r.items.map((it) =>
      it.count > 1
        ? L.circleMarker([it.lat, it.lng], { radius: 10 + Math.min(20, Math.log2(it.count) * 2), weight: 1, fillOpacity: 0.6 })
        : L.circleMarker([it.lat, it.lng], { radius: 4, weight: 1, fillOpacity: 0.9 }),
    ),
  ).addTo(map)
  return { queryMs, workerQueryMs: r.ms, items: r.items.length }
}

export interface SuperclusterRender {
  /** load() round trip: pack typed arrays, transfer, build the index in the worker, reply. */
  buildMs: number
  /** The build alone, as timed inside the worker. */
  workerBuildMs: number
  renderMs: number
  items: number
}

export async function superclusterRender(points: MapPoint[]): Promise<SuperclusterRender> {
  const map = resetMap()
  const c = await create()
  const t0 = performance.now()
  const loaded = await c.load(points)
  const buildMs = performance.now() - t0
  if (loaded.count !== points.length) throw new Error(`worker indexed ${loaded.count} of ${points.length}`)
  const d = await draw(map)
  await painted()
  return { buildMs, workerBuildMs: loaded.ms, renderMs: performance.now() - t0, items: d.items }
}

export interface PanZoom {
  /** query() round trip as the page sees it. */
  queryMs: number[]
  workerQueryMs: number[]
  /** setView → query → redraw → painted. */
  totalMs: number[]
}

export async function superclusterPanZoom(n: number): Promise<PanZoom> {
  const map = currentMap()
  const out: PanZoom = { queryMs: [], workerQueryMs: [], totalMs: [] }
  for (const v of views(n)) {
    const t0 = performance.now()
    map.setView(v.center, v.zoom, { animate: false })
    const d = await draw(map)
    await painted()
    out.totalMs.push(performance.now() - t0)
    out.queryMs.push(d.queryMs)
    out.workerQueryMs.push(d.workerQueryMs)
  }
  return out
}

/** A rebuild in the same worker, as after a filter change: the load() round trip. */
export async function superclusterReload(points: MapPoint[]): Promise<number> {
  if (!clusterer) throw new Error('no clusterer yet')
  const t0 = performance.now()
  await clusterer.load(points)
  return performance.now() - t0
}
