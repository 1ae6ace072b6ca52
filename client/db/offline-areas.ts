// Repository of offline map areas: what each saved area covers and how far its download got. The
// tiles themselves live in Cache Storage (client/map/offline-areas/tile-cache.ts).
import type { BBox, TileRange } from '../map/offline-areas/tile-math.ts'
import { db } from './database.ts'

export type OfflineAreaStatus = 'downloading' | 'paused' | 'complete' | 'incomplete'

export interface OfflineAreaRow {
  id: string
  name: string
  /** Where the box came from: the user's communities or the map view they chose. */
  source: 'communities' | 'view'
  /** WGS-84 box the user asked for. */
  bbox: BBox
  zooms: number[]
  /** Tile ranges on the basemap (for a GCJ-02 basemap, of the shifted box). */
  ranges: TileRange[]
  preset: string
  url: string
  subdomains: string[]
  tiles: number
  stored: number
  absent: number
  failed: number
  bytes: number
  status: OfflineAreaStatus
  created_at: string
  updated_at: string
}

export function listAreas(): Promise<OfflineAreaRow[]> {
  return db.offline_areas.orderBy('created_at').reverse().toArray()
}

export function getArea(id: string): Promise<OfflineAreaRow | undefined> {
  return db.offline_areas.get(id)
}

export async function saveArea(row: OfflineAreaRow): Promise<void> {
  await db.offline_areas.put(row)
}

export async function updateArea(id: string, changes: Partial<Omit<OfflineAreaRow, 'id'>>): Promise<void> {
  await db.offline_areas.update(id, changes)
}

export async function deleteArea(id: string): Promise<void> {
  await db.offline_areas.delete(id)
}
