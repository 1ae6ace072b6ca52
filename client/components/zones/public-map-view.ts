// The residents' map's first view, shared by the map (ZonesPublicMap) and the still picture of its first
// tiles the page draws before the map's code has run (MapTilePreview): both must open on the same view.
import type { PublicZone } from '#domain/patrol/zones.ts'

export interface PublicMapView {
  /** Every zone's outline (WGS-84 [lat, lng]): the map opens on them all, so no tiles load for a view it leaves at once. */
  fit: [number, number][]
  /** Zones fill the view up to street level (18); with none, the subdistrict's centre at 17. */
  zoom: number
}

export function publicMapView(zones: readonly PublicZone[]): PublicMapView {
  const fit = zones.flatMap((z) => (z.geometry.coordinates[0] ?? []).map(([lng, lat]): [number, number] => [lat!, lng!]))
  return { fit, zoom: fit.length ? 18 : 17 }
}
