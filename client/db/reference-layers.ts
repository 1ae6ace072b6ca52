// Repository for the subdistrict's reference layers: the last answer of /api/map-layers kept on the
// device, replaced whole, so every map still draws roads and outlines offline or with no tiles.
import type { PublicReferenceLayers } from '#domain/reference-layers.ts'
import { db } from './database.ts'

export type { ReferenceLayerRow } from './rows.ts'

export async function loadCachedLayers(): Promise<PublicReferenceLayers | undefined> {
  const rows = await db.reference_layers.toArray()
  if (!rows.length) return undefined
  return { subdistrict_id: rows[0]!.subdistrict_id, layers: rows.map((r) => r.layer).sort((a, b) => a.id.localeCompare(b.id)) }
}

export async function saveLayers(data: PublicReferenceLayers): Promise<void> {
  await db.transaction('rw', db.reference_layers, async () => {
    await db.reference_layers.clear()
    await db.reference_layers.bulkPut(data.layers.map((layer) => ({ id: layer.id, subdistrict_id: data.subdistrict_id, layer })))
  })
}
