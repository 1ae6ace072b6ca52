// Demo hotspots, derived from the patrol seed through the very incremental code a device push runs
// (one sighting at a time, in arrival order), plus the demo Open311 key named in the README.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { allSightings } from './sightings.ts'
import { ingestSighting } from './service.ts'
import { createOpen311Key } from '../open311-keys/service.ts'
import { DEMO_SUBDISTRICT } from '../../../db/seed/reference.ts'

/** The demo Open311 api_key (README): public demo data only, revocable by the admin. */
export const DEMO_OPEN311_KEY = 'lastmile-demo-open311-key'

export async function seedHotspots(db: Kysely<DB>, now: Date): Promise<void> {
  const sd = DEMO_SUBDISTRICT.id
  const sightings = await allSightings(db, sd)
  await db.transaction().execute(async (tx) => {
    for (const s of sightings) {
      const own = s.is_report
        ? undefined
        : await tx.selectFrom('patrol_reports').select('hotspot_id').where('subdistrict_id', '=', sd).where('id', '=', s.report_id).executeTakeFirst()
      const site = await ingestSighting(tx, sd, s, new Date(s.observed_at), own?.hotspot_id ?? null)
      if (s.is_report) await tx.updateTable('patrol_reports').set({ hotspot_id: site }).where('subdistrict_id', '=', sd).where('id', '=', s.report_id).execute()
    }
  })
  const admin = await db.selectFrom('users').select('id').where('subdistrict_id', '=', sd).where('username', '=', 'admin').executeTakeFirst()
  if (admin) await createOpen311Key(db, sd, { name: '演示 Open311 客户端', key: DEMO_OPEN311_KEY, created_by: admin.id }, now)
}
