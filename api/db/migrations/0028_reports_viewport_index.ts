// The reports' wide viewport index (subdistrict_id, lat, id, lng, kind, workflow_status, observed_at,
// community_id) goes. It was made to answer a paged viewport query from index entries alone; the
// coordinator map reads its own tables now (patrol_map_index), and every query left on a bounding box
// (the nearby check, the residents' review, a filtered tile from the reports themselves) reads report
// columns it lacks, so it served them only as a (subdistrict_id, lat) range: the same range the narrow
// patrol_reports_latlng_idx (subdistrict_id, lat, lng) gives on both databases. Each new report wrote a
// random leaf page of each; the wide one's entries split pages most often: about 160 of the 630 pages
// a batch of 100 new reports wrote.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('patrol_reports_viewport_idx').execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
