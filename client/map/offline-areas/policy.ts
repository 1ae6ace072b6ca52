// Whether this deployment's basemap may be saved for offline use, and why not when it may not.
import type { Role } from '#domain/auth.ts'
import type { Basemap } from '#domain/config.ts'

/** Who saves map areas for offline use: the roles that work on maps in the field or the office. */
export const OFFLINE_MAP_ROLES: Role[] = ['inspector', 'coordinator', 'admin']

export type OfflinePolicy = { allowed: true } | { allowed: false; reason: 'osm_policy' | 'not_enabled' }

/**
 * The OSM preset is refused whatever the server says (its tile usage policy forbids bulk downloading);
 * the app's own MBTiles is always allowed; other presets follow the server's OFFLINE_AREAS setting.
 */
export function offlinePolicy(basemap: Pick<Basemap, 'preset' | 'offline_areas'> | null | undefined): OfflinePolicy {
  if (!basemap) return { allowed: false, reason: 'not_enabled' }
  if (basemap.preset === 'osm') return { allowed: false, reason: 'osm_policy' }
  if (basemap.preset === 'local' || basemap.offline_areas === true) return { allowed: true }
  return { allowed: false, reason: 'not_enabled' }
}
