// Basemap presets. Only the tile URLs differ; the app never re-projects what it stores. 天地图 draws
// place names on a separate transparent layer (注记, cva_w) over its base map (vec_w); both need the
// developer key `tk` (TIANDITU_KEY).
import type { Env } from '../env.ts'
import type { Basemap } from '#domain/config.ts'
import { mbtilesMaxZoom } from './tiles.ts'

const tianditu = (layer: 'vec' | 'cva', key: string | undefined) =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key ?? '')}`

export function basemapOf(env: Env): Basemap {
  const preset = presetOf(env)
  const labels = env.TILE_LABELS_URL === 'none' ? null : (env.TILE_LABELS_URL ?? (preset.preset === 'tianditu' ? tianditu('cva', env.TIANDITU_KEY) : null))
  return { ...preset, labels_url: labels, offline_areas: offlineAreasAllowed(env, preset.preset) }
}

/** The app's own tiles (`local` without TILE_URL) name the deepest level the MBTiles file holds. */
export function withNativeZoom(basemap: Basemap, env: Pick<Env, 'BASEMAP' | 'TILE_URL' | 'DATA_DIR' | 'MBTILES_FILE'>): Basemap {
  if (basemap.preset !== 'local' || env.TILE_URL) return basemap
  return { ...basemap, max_native_zoom: mbtilesMaxZoom(env.DATA_DIR, env.MBTILES_FILE) }
}

/**
 * Whether devices may bulk-download this basemap's tiles: the app's own MBTiles always; OSM never (its
 * tile usage policy forbids bulk downloading); the commercial presets only when OFFLINE_AREAS lists them,
 * because their terms depend on the organisation's agreement with the provider.
 */
export function offlineAreasAllowed(env: Pick<Env, 'OFFLINE_AREAS'>, preset: Basemap['preset']): boolean {
  if (preset === 'local') return true
  if (preset === 'osm') return false
  return env.OFFLINE_AREAS.includes(preset)
}

function presetOf(env: Env): Omit<Basemap, 'offline_areas' | 'labels_url'> {
  switch (env.BASEMAP) {
    case 'local':
      return { preset: 'local', url: env.TILE_URL ?? '/tiles/{z}/{x}/{y}.png', subdomains: [], attribution: '本地瓦片', max_zoom: 19, gcj02: false }
    case 'tianditu':
      return {
        preset: 'tianditu',
        url: env.TILE_URL ?? tianditu('vec', env.TIANDITU_KEY),
        subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
        attribution: '© 天地图',
        max_zoom: 18,
        gcj02: false,
      }
    case 'amap':
      return {
        preset: 'amap',
        url: env.TILE_URL ?? 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
        subdomains: ['1', '2', '3', '4'],
        attribution: '© 高德地图',
        max_zoom: 18,
        gcj02: true,
      }
    default:
      return {
        preset: 'osm',
        url: env.TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        subdomains: [],
        attribution: '© OpenStreetMap contributors',
        max_zoom: 19,
        gcj02: false,
      }
  }
}
