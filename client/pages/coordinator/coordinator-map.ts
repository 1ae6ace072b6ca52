// The coordinator map's drawing: the reports under the filter as map tiles the server clusters (XYZ,
// ETag), merged across tile edges in a Web Worker and drawn on canvas, the heat layer, the ranked
// hotspots' rings and the focus ring. The page owns what is around the map (lists, cards, placing).
import { markRaw, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import L from 'leaflet'
import type { HotspotSummary } from '#domain/patrol/hotspot-views.ts'
import { TILE_MAX_ZOOM, tilesCovering, type MapTile } from '#domain/patrol/map-tiles.ts'
import { useHotspotsStore } from '../../stores/hotspots.ts'
import type { Projection } from '../../map/basemaps.ts'
import { createClusterer, type Clusterer } from '../../map/cluster-client.ts'
import { HeatLayer } from '../../map/heat-layer.ts'
import { ReportLayer } from '../../map/report-layer.ts'
import { textLabel } from '../../map/text-label.ts'

export interface CoordinatorMapEvents {
  /** A tap on a cluster of the closest zoom, which does not split: its cell (`z/x/y/cell`). */
  cell(cell: string): void
  /** A tap on one report. */
  report(id: string): void
  /** A tap on the map itself, in WGS-84. */
  tap(at: { lat: number; lng: number }): void
}

export function useCoordinatorMap(heatOn: Ref<boolean>, on: CoordinatorMapEvents) {
  const router = useRouter()
  const store = useHotspotsStore()
  const map = shallowRef<L.Map | null>(null)
  let projection: Projection | null = null
  let clusterer: Clusterer | null = null
  let reports: ReportLayer | null = null
  let heat: HeatLayer | null = null
  const hotspotLayer = markRaw(L.layerGroup())
  let focusRing: L.Circle | null = null
  let framed = false
  /** The view as data attributes on the map box (WGS-84 centre, zoom): what tests and tools can read. */
  const view = ref({ center: '', zoom: 0 })
  const buildMs = ref(0)
  const queryMs = ref(0)
  let drawSeq = 0
  /** The features of the tiles last drawn, for the heat layer. */
  let lastTiles: MapTile[] = []

  /**
   * Asks for the map tiles of the view (clusters computed by the server, XYZ at the map's zoom), merges
   * their features in the worker and draws them. A later pan or filter change supersedes an earlier one.
   */
  async function redraw() {
    const m = map.value
    if (!m || !clusterer || !reports || !projection) return
    const mine = ++drawSeq
    const b = m.getBounds()
    const sw = projection.fromMap(b.getSouthWest())
    const ne = projection.fromMap(b.getNorthEast())
    const c = projection.fromMap(m.getCenter())
    view.value = { center: `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`, zoom: m.getZoom() }
    const zoom = Math.max(0, Math.min(TILE_MAX_ZOOM, Math.round(m.getZoom())))
    let tiles: MapTile[]
    try {
      tiles = await store.loadTiles(tilesCovering({ west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat }, zoom))
    } catch {
      return // the page's error banner says why
    }
    if (mine !== drawSeq || !clusterer) return
    lastTiles = tiles
    const built = await clusterer.loadTiles(tiles)
    buildMs.value = Math.round(built.ms)
    const res = await clusterer.query([sw.lng, sw.lat, ne.lng, ne.lat], m.getZoom())
    if (!res || mine !== drawSeq) return
    queryMs.value = Math.round(res.ms * 10) / 10
    reports.draw(res.items)
    drawHeat()
  }

  /** The first view frames the subdistrict's hotspots; later filter changes keep the coordinator's view. */
  function frame() {
    const m = map.value
    const p = projection
    if (framed || !m || !p || !store.hotspots.length) return
    framed = true
    m.fitBounds(L.latLngBounds(store.hotspots.map((h) => p.toMap(h.lat, h.lng))).pad(0.15), { maxZoom: 17 })
  }

  /** Reports of the view (tile clusters weighted by count), plus each hotspot's repeat sightings at its centre. */
  function drawHeat() {
    if (!heat || !projection) return
    const p = projection
    const at = (lat: number, lng: number) => p.toMap(lat, lng) as [number, number]
    const reportsHeat = lastTiles.flatMap((t) => [
      ...t.points.map((x): [number, number, number] => [...at(x[1], x[2]), 1]),
      ...t.clusters.map((c): [number, number, number] => [...at(c[0], c[1]), c[2]]),
    ])
    const repeats = store.hotspots.map((h): [number, number, number] => [...at(h.lat, h.lng), h.sighting_count - h.report_count])
    heat.setPoints([...reportsHeat, ...repeats])
  }

  function drawHotspots(items: HotspotSummary[]) {
    if (!projection) return
    hotspotLayer.clearLayers()
    for (const h of items.slice(0, 30)) {
      L.circle(projection.toMap(h.lat, h.lng), { radius: 60, color: '#b91c1c', weight: 2, fill: false, dashArray: '4 4' })
        .bindTooltip(textLabel(h.landmark))
        .on('click', () => router.push(`/coordinator/hotspots/${h.id}`))
        .addTo(hotspotLayer)
    }
  }

  /** Rings the hotspot the list points at (or none). */
  function focus(h: HotspotSummary | null) {
    focusRing?.remove()
    focusRing = null
    if (h && map.value && projection)
      focusRing = L.circle(projection.toMap(h.lat, h.lng), { radius: 80, color: '#0f766e', weight: 4, fill: false }).addTo(map.value)
  }

  /** MapView's `ready`: the layers, the worker and the first draw. */
  function ready(m: L.Map, p: Projection) {
    map.value = markRaw(m)
    projection = p
    // Below the map's closest zoom the worker merges neighbours; at it, every tile cluster stands alone.
    clusterer = createClusterer(Math.min(TILE_MAX_ZOOM, m.getMaxZoom() - 1))
    reports = new ReportLayer(
      m,
      p,
      async (item) => {
        if (!clusterer) return
        // A tile cluster of the closest zoom does not split: its reports are listed instead.
        if (item.cell) return on.cell(item.cell)
        // A cluster the worker merged splits where the worker says; one tile cluster splits two zooms closer.
        const z = item.clusterId === null ? m.getZoom() + 2 : await clusterer.expansionZoom(item.clusterId)
        m.setView(p.toMap(item.lat, item.lng), Math.min(z, m.getMaxZoom() || 19))
      },
      (item) => on.report(item.id),
    )
    heat = new HeatLayer()
    hotspotLayer.addTo(m)
    m.on('moveend', () => void redraw())
    m.on('click', (e: L.LeafletMouseEvent) => on.tap(p.fromMap(e.latlng)))
    frame()
    void redraw()
    drawHotspots(store.hotspots)
  }

  watch(heatOn, (shown) => {
    if (!map.value || !heat || !reports) return
    if (shown) heat.addTo(map.value)
    else heat.remove()
    reports.show(!shown)
  })
  watch(
    () => store.mapVersion,
    () => void redraw(),
  )
  watch(
    () => store.hotspots,
    (items) => {
      drawHotspots(items)
      frame()
      drawHeat()
    },
  )
  onBeforeUnmount(() => {
    clusterer?.dispose()
    reports?.remove()
  })

  return { ready, focus, view, buildMs, queryMs }
}
