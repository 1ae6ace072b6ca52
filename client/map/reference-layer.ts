// Draws the subdistrict's reference layers under everything else on a map: their own pane between the
// tiles (200) and the data (overlay 400), not interactive, names as text labels (DOM text, never HTML).
import L from 'leaflet'
import type { Feature } from 'geojson'
import type { LayerKind, ReferenceLayer } from '#domain/reference-layers.ts'
import type { Projection } from './basemaps.ts'
import './reference-layer.css'

export const REFERENCE_PANE = 'reference'
export const REFERENCE_LABEL_PANE = 'referenceLabels'
/** More features than this draw on a canvas instead of as SVG paths. */
const SVG_LIMIT = 3000

const STYLE: Record<LayerKind, L.PathOptions> = {
  boundaries: { color: '#7c3aed', weight: 2, dashArray: '6 4', fillColor: '#7c3aed', fillOpacity: 0.04 },
  roads: { color: '#a8a29e', weight: 6, opacity: 0.9, lineCap: 'round', lineJoin: 'round' },
  buildings: { color: '#a8a29e', weight: 1, fillColor: '#e7e5e4', fillOpacity: 0.9 },
  landmarks: { color: '#44403c', weight: 1, fillColor: '#57534e', fillOpacity: 0.9 },
}
/** Which kinds name their features on the map (roads at their middle, areas at their centre). */
const LABELLED: Record<LayerKind, boolean> = { boundaries: true, roads: true, buildings: false, landmarks: true }
const ORDER: LayerKind[] = ['boundaries', 'buildings', 'roads', 'landmarks']

function textLabel(name: string, kind: LayerKind): HTMLElement {
  const el = document.createElement('span')
  el.className = `ref-label ref-label--${kind}`
  el.textContent = name
  return el
}

function middleOf(layer: L.Layer): L.LatLng | undefined {
  if (layer instanceof L.Polygon) return layer.getBounds().getCenter()
  if (layer instanceof L.Polyline) {
    // The middle of the middle segment: a vertex is often a crossing, crowded with other names.
    const pts = layer.getLatLngs().flat(2) as L.LatLng[]
    const i = Math.max(0, Math.floor((pts.length - 1) / 2))
    const a = pts[i]
    const b = pts[Math.min(i + 1, pts.length - 1)]
    return a && b ? L.latLng((a.lat + b.lat) / 2, (a.lng + b.lng) / 2) : a
  }
  if (layer instanceof L.CircleMarker) return layer.getLatLng()
  return undefined
}

/** Space kept between a name and the map's edge or the zoom buttons. */
const EDGE_PX = 4

/**
 * Tells each name how far it may reach left and right of its point and stay inside the map, clear of
 * the zoom buttons: computed from the points' places (the buttons' box is the only thing read from the
 * page); CSS slides the name within those bounds. A name whose point is outside the view is hidden:
 * a cut-off name of a feature out of sight only gets in the way.
 */
function keepNamesInside(map: L.Map, marks: readonly { mark: L.Marker; at: L.LatLng }[]): void {
  if (!marks.length) return
  const size = map.getSize()
  const zoom = map.zoomControl?.getContainer()
  const buttons = zoom?.offsetParent ? { right: zoom.offsetLeft + zoom.offsetWidth, bottom: zoom.offsetTop + zoom.offsetHeight } : null
  for (const { mark, at } of marks) {
    const el = mark.getElement()
    if (!el) continue
    const p = map.latLngToContainerPoint(at)
    const inside = p.x >= 0 && p.x <= size.x && p.y >= 0 && p.y <= size.y
    const left = buttons && p.y <= buttons.bottom + EDGE_PX ? buttons.right + EDGE_PX : EDGE_PX
    el.style.visibility = inside ? '' : 'hidden'
    el.style.setProperty('--ref-min', inside ? `${Math.round(left - p.x)}px` : '')
    el.style.setProperty('--ref-max', inside ? `${Math.round(size.x - EDGE_PX - p.x)}px` : '')
  }
}

export interface ReferenceLayerView {
  /** Replaces what is drawn with these layers, one layer per task. */
  set(layers: readonly ReferenceLayer[]): void
  remove(): void
}

/** Adds the reference panes to a map; `set` draws (again) whenever the layers change. */
export function referenceLayerView(map: L.Map, projection: Projection): ReferenceLayerView {
  const pane = map.getPane(REFERENCE_PANE) ?? map.createPane(REFERENCE_PANE)
  pane.style.zIndex = '350'
  pane.style.pointerEvents = 'none'
  const labels = map.getPane(REFERENCE_LABEL_PANE) ?? map.createPane(REFERENCE_LABEL_PANE)
  labels.style.zIndex = '360'
  labels.style.pointerEvents = 'none'
  const group = L.layerGroup().addTo(map)
  let marks: { mark: L.Marker; at: L.LatLng }[] = []
  const place = () => keepNamesInside(map, marks)
  map.on('moveend zoomend resize', place)
  const coordsToLatLng = (c: [number, number] | [number, number, number]) => L.latLng(projection.toMap(c[1], c[0]))

  let drawn = ''
  /** Counts the drawings begun: a layer left over from an older one is not drawn. */
  let drawing = 0
  function set(layers: readonly ReferenceLayer[]) {
    // The device's copy and the server's answer are usually the same: draw once.
    const key = layers.map((l) => `${l.id}:${l.version}:${l.updated_at}`).join('|')
    if (key === drawn) return
    drawn = key
    const current = ++drawing
    group.clearLayers()
    marks = []
    const total = layers.reduce((n, l) => n + l.feature_count, 0)
    const renderer = total > SVG_LIMIT ? L.canvas({ pane: REFERENCE_PANE }) : L.svg({ pane: REFERENCE_PANE })
    const sorted = [...layers].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    // One layer per task, so a slow phone paints and answers a tap between them.
    const draw = (i: number) => {
      const layer = sorted[i]
      if (current !== drawing) return
      if (!layer) return place()
      const kind = layer.kind
      L.geoJSON(layer.geojson as GeoJSON.FeatureCollection, {
        pane: REFERENCE_PANE,
        interactive: false,
        coordsToLatLng,
        style: () => ({ ...STYLE[kind], renderer, interactive: false }),
        pointToLayer: (_f, at) => L.circleMarker(at, { ...STYLE[kind], radius: 5, renderer, pane: REFERENCE_PANE, interactive: false }),
        onEachFeature: (f: Feature, l: L.Layer) => {
          const name = (f.properties as { name?: string } | null)?.name
          if (!name || !LABELLED[kind]) return
          const at = middleOf(l)
          if (!at) return
          // A marker whose text CSS places from the point (centred; landmarks to its right). A permanent
          // tooltip would measure itself on every add, zoom and pan: one forced layout per name.
          const mark = L.marker(at, {
            icon: L.divIcon({ html: '', className: `ref-mark ref-mark--${kind === 'landmarks' ? 'right' : 'center'}`, iconSize: [0, 0] }),
            pane: REFERENCE_LABEL_PANE,
            interactive: false,
            keyboard: false,
          })
          // The icon's element is made when the marker is added: the name goes in as text then.
          mark.on('add', () => mark.getElement()?.replaceChildren(textLabel(name, kind)))
          mark.addTo(group)
          marks.push({ mark, at })
        },
      }).addTo(group)
      setTimeout(() => draw(i + 1), 0)
    }
    draw(0)
  }

  return {
    set,
    remove: () => {
      drawing++
      map.off('moveend zoomend resize', place)
      group.remove()
    },
  }
}
