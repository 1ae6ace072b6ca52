// The hotline's figures for the monthly brief, over [fromIso, toIso): orders received, replies given
// (and how many by their deadline), orders still without a reply whose deadline passed before the end
// of the period, and the callback satisfaction recorded in it.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { WorkOrderFigures } from '#domain/hotline/work-orders.ts'

export async function workOrderMonthFigures(db: Kysely<DB>, subdistrictId: string, fromIso: string, toIso: string): Promise<WorkOrderFigures> {
  const from = new Date(fromIso).toISOString()
  const to = new Date(toIso).toISOString()
  const rows = await db
    .selectFrom('hotline_work_orders')
    .select(['received_at', 'deadline_at', 'replied_at', 'satisfaction', 'satisfaction_at'])
    .where('subdistrict_id', '=', subdistrictId)
    .where((eb) =>
      eb.or([
        eb.and([eb('received_at', '>=', from), eb('received_at', '<', to)]),
        eb.and([eb('replied_at', '>=', from), eb('replied_at', '<', to)]),
        eb.and([eb('satisfaction_at', '>=', from), eb('satisfaction_at', '<', to)]),
        eb.and([eb('received_at', '<', to), eb('deadline_at', '<', to), eb.or([eb('replied_at', 'is', null), eb('replied_at', '>=', to)])]),
      ]),
    )
    .execute()
  const inRange = (t: string | null) => t !== null && t >= from && t < to
  const figures: WorkOrderFigures = { received: 0, replied: 0, replied_on_time: 0, overdue_open: 0, satisfied: 0, basically_satisfied: 0, dissatisfied: 0 }
  for (const r of rows) {
    if (inRange(r.received_at)) figures.received++
    if (inRange(r.replied_at)) {
      figures.replied++
      if (r.replied_at! <= r.deadline_at) figures.replied_on_time++
    }
    if (r.received_at < to && r.deadline_at < to && (r.replied_at === null || r.replied_at >= to)) figures.overdue_open++
    if (inRange(r.satisfaction_at) && r.satisfaction) {
      if (r.satisfaction === 'satisfied') figures.satisfied++
      else if (r.satisfaction === 'basically_satisfied') figures.basically_satisfied++
      else if (r.satisfaction === 'dissatisfied') figures.dissatisfied++
    }
  }
  return figures
}
