// The reporter sees the office's review: the note of a report's last status change is kept on the
// report (review_note). Hotspots linked to an agreement take the status it stands for, for
// agreements recorded before hotspot statuses followed them.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('patrol_reports')
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute()

  // The last note per report, from the review history.
  const events = (await db
    .selectFrom('patrol_review_events')
    .select(['subdistrict_id', 'target_id', 'note'])
    .where('target', '=', 'report')
    .orderBy('at')
    .orderBy('id')
    .execute()) as { subdistrict_id: string; target_id: string; note: string }[]
  const last = new Map(events.map((e) => [`${e.subdistrict_id} ${e.target_id}`, e]))
  for (const e of last.values()) {
    if (!e.note) continue
    await db.updateTable('patrol_reports').set({ review_note: e.note }).where('subdistrict_id', '=', e.subdistrict_id).where('id', '=', e.target_id).execute()
  }

  // Hotspots of an agreement in force (active or breached) are under the agreement; of a draft, negotiating.
  const agreements = (await db
    .selectFrom('patrol_agreements')
    .select(['subdistrict_id', 'status', 'hotspot_ids'])
    .where('status', 'in', ['draft', 'active', 'breached'])
    .execute()) as { subdistrict_id: string; status: string; hotspot_ids: string }[]
  const target = new Map<string, { sd: string; id: string; status: 'agreement' | 'negotiating' }>()
  for (const a of agreements) {
    for (const id of JSON.parse(a.hotspot_ids) as string[]) {
      const key = `${a.subdistrict_id} ${id}`
      const status = a.status === 'draft' ? 'negotiating' : 'agreement'
      if (target.get(key)?.status !== 'agreement') target.set(key, { sd: a.subdistrict_id, id, status })
    }
  }
  for (const t of target.values()) {
    await db
      .updateTable('patrol_hotspots')
      .set({ status: t.status })
      .where('subdistrict_id', '=', t.sd)
      .where('id', '=', t.id)
      .where('status', 'in', t.status === 'agreement' ? ['new', 'watching', 'negotiating'] : ['new', 'watching'])
      .execute()
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
