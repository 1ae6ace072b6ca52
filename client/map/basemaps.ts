// Turns the deployment's basemap preset into a Leaflet tile layer, and gives the projection helpers
// that shift drawn features on a GCJ-02 basemap (stored data never changes).
import L from 'leaflet'
import type { Basemap } from '#domain/config.ts'
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts'
import markerIcon from 'leaflet/dist/images/marker-icon.png'
import markerIcon2x from 'leaflet/dist/images/marker-icon-2x.png'
import markerShadow from 'leaflet/dist/images/marker-shadow.png'

// Leaflet guesses its default marker images from the CSS path, which a bundler breaks; name them.
delete (L.Icon.Default.prototype as unknown as { _getIconUrl?: unknown })._getIconUrl
L.Icon.Default.mergeOptions({ iconUrl: markerIcon, iconRetinaUrl: markerIcon2x, shadowUrl: markerShadow })

export function tileLayerFor(basemap: Basemap): L.TileLayer {
  return L.tileLayer(basemap.url, {
    subdomains: basemap.subdomains.length ? basemap.subdomains : 'abc',
    maxZoom: basemap.max_zoom,
    ...(basemap.max_native_zoom ? { maxNativeZoom: Math.min(basemap.max_native_zoom, basemap.max_zoom) } : {}),
    attribution: basemap.attribution,
    crossOrigin: true,
  })
}

/** The basemap's label layer (天地图's place names), drawn over the base tiles; null when it has none. */
export function labelLayerFor(basemap: Basemap): L.TileLayer | null {
  if (!basemap.labels_url) return null
  return L.tileLayer(basemap.labels_url, {
    subdomains: basemap.subdomains.length ? basemap.subdomains : 'abc',
    maxZoom: basemap.max_zoom,
    crossOrigin: true,
    zIndex: 2,
  })
}

export interface Projection {
  /** WGS-84 (stored) → where to draw on this basemap. */
  toMap(lat: number, lng: number): L.LatLngExpression
  /** A point on this basemap (click, drag) → WGS-84 to store. */
  fromMap(latlng: L.LatLng): { lat: number; lng: number }
}

export function projectionFor(basemap: Basemap | null | undefined): Projection {
  if (basemap?.gcj02) {
    return {
      toMap: (lat, lng) => wgs84ToGcj02(lat, lng),
      fromMap: (ll) => {
        const [lat, lng] = gcj02ToWgs84(ll.lat, ll.lng)
        return { lat, lng }
      },
    }
  }
  return { toMap: (lat, lng) => [lat, lng], fromMap: (ll) => ({ lat: ll.lat, lng: ll.lng }) }
}
