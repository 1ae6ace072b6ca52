// Draws the worker's clusters and single reports as canvas circle markers (one <canvas>, no DOM node
// per point), sized by count; a click on a cluster zooms to where it splits, a click on a report opens it.
import L from 'leaflet'
import type { ClusterItem } from './cluster-protocol.ts'
import type { Projection } from './basemaps.ts'
import { textLabel } from './text-label.ts'

const KIND_COLOURS = ['#0f766e', '#d97706', '#7c3aed', '#dc2626', '#2563eb', '#64748b', '#475569']

export class ReportLayer {
  private readonly group = L.layerGroup()
  private readonly renderer = L.canvas({ padding: 0.2, tolerance: 8 })

  constructor(
    private readonly map: L.Map,
    private readonly projection: Projection,
    private readonly onCluster: (item: ClusterItem) => void,
    private readonly onReport: (item: ClusterItem) => void = () => {},
  ) {
    this.group.addTo(map)
  }

  draw(items: readonly ClusterItem[]): void {
    this.group.clearLayers()
    for (const it of items) {
      const at = this.projection.toMap(it.lat, it.lng)
      if (it.clusterId !== null || it.count > 1) {
        const r = Math.min(22, 8 + Math.log2(it.count) * 2.2)
        const m = L.circleMarker(at, {
          renderer: this.renderer,
          radius: r,
          color: '#fff',
          weight: 2,
          fillColor: it.count > 100 ? '#b91c1c' : it.count > 20 ? '#d97706' : '#0f766e',
          fillOpacity: 0.85,
        })
        m.bindTooltip(textLabel(it.count), { permanent: true, direction: 'center', className: 'report-layer__count' })
        m.on('click', () => this.onCluster(it))
        m.addTo(this.group)
      } else {
        // A finger-sized hit area around a small dot (canvas markers take clicks within their radius + tolerance).
        L.circleMarker(at, {
          renderer: this.renderer,
          radius: 6,
          color: '#fff',
          weight: 1,
          fillColor: KIND_COLOURS[it.kind] ?? '#0f766e',
          fillOpacity: 0.9,
        })
          .on('click', () => this.onReport(it))
          .addTo(this.group)
      }
    }
  }

  show(visible: boolean): void {
    if (visible && !this.map.hasLayer(this.group)) this.group.addTo(this.map)
    if (!visible && this.map.hasLayer(this.group)) this.group.remove()
  }

  remove(): void {
    this.group.remove()
  }
}
