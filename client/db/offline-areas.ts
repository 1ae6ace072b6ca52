// Repository of offline map areas: what each saved area covers and how far its download got. The
// tiles themselves live in Cache Storage (client/map/offline-areas/tile-cache.ts).
import { db } from './database.ts'

import type { OfflineAreaRow } from './rows.ts'

export type { OfflineAreaRow, OfflineAreaStatus } from './rows.ts'

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
