// One Leaflet map for both clusterers, 1280 × 800 px over 双井街道 at zoom 15, no tiles (the bench never
// touches the internet): what is timed is clustering and drawing the reports, nothing else.
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'

export const START = { center: [39.8935, 116.467] as [number, number], zoom: 15 }
let map: L.Map | null = null

export function resetMap(): L.Map {
  map?.remove()
  const el = document.getElementById('map')!
  el.replaceChildren()
  map = L.map(el, { maxZoom: 19, minZoom: 10, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false, preferCanvas: true }).setView(
    START.center,
    START.zoom,
    { animate: false },
  )
  return map
}

export function currentMap(): L.Map {
  return map ?? resetMap()
}

/** Resolves after the browser has painted twice: the work queued by a change is on screen. */
export const painted = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))

/** The same pseudo-random pans and zooms for both clusterers. */
export function views(n: number): { center: [number, number]; zoom: number }[] {
  let s = 12345
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647
  return Array.from({ length: n }, () => ({ center: [39.886 + r() * 0.015, 116.455 + r() * 0.025] as [number, number], zoom: 14 + Math.floor(r() * 5) }))
}

export function bboxOf(m: L.Map): [number, number, number, number] {
  const b = m.getBounds()
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
}
