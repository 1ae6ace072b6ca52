// Who holds tickets for a day: active sales only, summed per resident. The kitchen sheet, the pickup
// check-off list and reconciliation all start from here so they always agree.
import type { Db } from '../../../db/handle.ts'

export interface DayTickets {
  subscriber_id: string
  name: string
  phone: string
  community_id: string
  building: string
  dietary_notes: string
  /** JSON list of the resident's restrictions. */
  dietary_restrictions: string
  /** The anonymous code of a resident who withdrew consent while holding tickets. */
  pickup_code: string | null
  sets: number
  boxes: number
  rice: number
  buns: number
  soups: number
}

export async function ticketsOn(db: Db, sd: string, date: string): Promise<DayTickets[]> {
  const rows = await db
    .selectFrom('meal_sale_lines as l')
    .innerJoin('meal_sales as s', (j) => j.onRef('s.subdistrict_id', '=', 'l.subdistrict_id').onRef('s.id', '=', 'l.sale_id'))
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 's.subdistrict_id').onRef('p.id', '=', 's.subscriber_id'))
    .select([
      'p.id as subscriber_id',
      'p.name',
      'p.phone',
      'p.community_id',
      'p.building',
      'p.dietary_notes',
      'p.dietary_restrictions',
      'p.pickup_code',
      'l.sets',
      'l.boxes',
      'l.rice',
      'l.buns',
      'l.soups',
    ])
    .where('l.subdistrict_id', '=', sd)
    .where('l.date', '=', date)
    .where('s.status', '=', 'active')
    .execute()
  const by = new Map<string, DayTickets>()
  for (const r of rows) {
    const t = by.get(r.subscriber_id)
    if (!t) {
      by.set(r.subscriber_id, { ...r })
      continue
    }
    t.sets += r.sets
    t.boxes += r.boxes
    t.rice += r.rice
    t.buns += r.buns
    t.soups += r.soups
  }
  return [...by.values()].sort(
    (a, b) => a.community_id.localeCompare(b.community_id) || a.building.localeCompare(b.building) || a.name.localeCompare(b.name, 'zh-CN'),
  )
}
