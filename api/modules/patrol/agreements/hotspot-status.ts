// Hotspot statuses follow agreements: after an agreement is written, each hotspot it links (or
// linked) takes the status its agreements stand for, with a history row naming the agreement.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { hotspotStatusFor, inForce, type AgreementStatus } from '#domain/patrol/agreements.ts'
import type { HotspotStatus } from '#domain/patrol/workflow.ts'
import { addEvent } from '../workflow/index.ts'

type Db = Kysely<DB> | Transaction<DB>

export async function followAgreements(db: Db, actor: Pick<SessionUser, 'subdistrict_id' | 'id'>, hotspotIds: readonly string[], at: Date): Promise<void> {
  const sd = actor.subdistrict_id
  const ids = [...new Set(hotspotIds)]
  if (!ids.length) return
  const agreements = (
    await db
      .selectFrom('patrol_agreements')
      .select(['title', 'status', 'hotspot_ids'])
      .where('subdistrict_id', '=', sd)
      .where('status', '!=', 'ended')
      .execute()
  ).map((a) => ({ title: a.title, status: a.status as AgreementStatus, hotspots: JSON.parse(a.hotspot_ids) as string[] }))
  const hotspots = await db.selectFrom('patrol_hotspots').select(['id', 'status', 'version']).where('subdistrict_id', '=', sd).where('id', 'in', ids).execute()
  for (const h of hotspots) {
    const linked = agreements.filter((a) => a.hotspots.includes(h.id))
    const next = hotspotStatusFor(
      h.status as HotspotStatus,
      linked.map((a) => a.status),
    )
    if (next === h.status) continue
    await db
      .updateTable('patrol_hotspots')
      .set({ status: next, version: h.version + 1, updated_at: at.toISOString() })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', h.id)
      .execute()
    const named = linked.filter((a) => (next === 'agreement' ? inForce(a.status) : true)).map((a) => a.title)
    await addEvent(db, actor, 'hotspot', h.id, h.status, next, named.join('；'), at)
  }
}
