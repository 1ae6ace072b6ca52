// Demo seeder: the approximate 双井 reference layers, imported through the same checks as an admin's
// file (a layer that fails them fails the seed), audited as the system.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { DEMO_SUBDISTRICT } from '../../db/seed/reference.ts'
import { DEMO_LAYERS } from './demo-layers.ts'
import { importLayer } from './service.ts'

export async function seedReferenceLayers(db: Kysely<DB>, now: Date): Promise<void> {
  for (const [id, layer] of Object.entries(DEMO_LAYERS)) await importLayer(db, null, DEMO_SUBDISTRICT.id, id, layer, now)
}
