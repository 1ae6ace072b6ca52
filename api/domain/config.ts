// What the device needs to know about this deployment before it can work offline: the basemap and
// the thresholds. Served publicly at /api/config and cached by the app.
import { z } from 'zod'
import { text } from './text.ts'

export const Basemap = z.object({
  preset: z.enum(['osm', 'tianditu', 'amap', 'local']),
  url: text(),
  subdomains: z.array(text()),
  attribution: text(),
  max_zoom: z.number(),
  /** The deepest level the tile source holds (the app's own MBTiles); the map scales it up beyond. */
  max_native_zoom: z.number().int().nullable().optional(),
  /** A transparent layer of place names drawn over the base tiles (天地图's 注记), or none. */
  labels_url: text().nullable().optional(),
  /** GCJ-02 basemaps draw shifted features; stored coordinates never change. */
  gcj02: z.boolean(),
  /** Devices may save this basemap's tiles as offline map areas (always for `local`, never for `osm`). */
  offline_areas: z.boolean(),
})
export type Basemap = z.infer<typeof Basemap>

export const ClientConfig = z.object({
  basemap: Basemap,
  gps_accuracy_threshold_m: z.number(),
  subdistrict: z.object({ id: text(), name: text(), center_lat: z.number(), center_lng: z.number() }).nullable(),
  /** When the server itself serves https: its port and the plain-http setup page's port (null: none). */
  https: z.object({ port: z.number(), setup_port: z.number().nullable() }).nullable().optional(),
})
export type ClientConfig = z.infer<typeof ClientConfig>
