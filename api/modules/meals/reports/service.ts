// What the kitchen cooks and what the office reconciles: per-day counts (sets, boxes, rice, bun pairs,
// soups/drinks) with dietary notes and the residents whose restrictions the day's dishes conflict with, and per-week tickets × price against the payments recorded.
import { isoWeekOf } from '#domain/time.ts'
import { bunPairs, priceDay } from '#domain/meals/pricing.ts'
import { dayConflicts } from '#domain/meals/diet.ts'
import { parseRestrictions } from '../dishes/service.ts'
import type { KitchenSheet, LedgerRow } from '#domain/meals/sales.ts'
import { communityNames } from '../communities.ts'
import { pricesFor } from '../settings/queries.ts'
import type { Db } from '../../../db/handle.ts'
import { getMenu } from '../menus/service.ts'
import { ticketsOn } from '../sales/queries.ts'

type Totals = KitchenSheet['totals']
const zero = (): Totals => ({ sets: 0, boxes: 0, rice: 0, bun_pairs: 0, soups: 0, people: 0 })

function add(t: Totals, x: { sets: number; boxes: number; rice: number; buns: number; soups: number }): void {
  t.sets += x.sets
  t.boxes += x.boxes
  t.rice += x.rice
  t.bun_pairs += bunPairs(x)
  t.soups += x.soups
  t.people += 1
}

export async function kitchenSheet(db: Db, sd: string, date: string): Promise<KitchenSheet> {
  const week = isoWeekOf(date)
  const menu = await getMenu(db, sd, week)
  const day = menu.days.find((d) => d.date === date)
  const tickets = await ticketsOn(db, sd, date)
  const names = await communityNames(db, sd)
  const totals = zero()
  const byCommunity = new Map<string, Totals>()
  for (const t of tickets) {
    add(totals, t)
    const c = byCommunity.get(t.community_id) ?? zero()
    add(c, t)
    byCommunity.set(t.community_id, c)
  }
  return {
    date,
    week,
    closed: day?.closed ?? false,
    menu_published: menu.status === 'published',
    dishes: Object.fromEntries(Object.entries(day?.dishes ?? {}).map(([k, v]) => [k, v?.name ?? null])),
    totals,
    by_community: [...byCommunity.entries()].map(([id, t]) => ({ community_id: id, name: names.get(id) ?? id, ...t })),
    diets: tickets
      .map((t) => ({
        name: t.name,
        community_id: t.community_id,
        building: t.building,
        notes: t.dietary_notes,
        restrictions: parseRestrictions(t.dietary_restrictions),
      }))
      .filter((t) => t.notes.trim() || t.restrictions.length),
    conflicts:
      day && !day.closed
        ? tickets.flatMap((t) =>
            dayConflicts(parseRestrictions(t.dietary_restrictions), day.dishes).map((c) => ({
              name: t.name,
              community_id: t.community_id,
              building: t.building,
              ...c,
            })),
          )
        : [],
  }
}

/**
 * Weekly reconciliation: for each resident, tickets × the week's prices (active sales) against what was
 * paid minus what was refunded. balance > 0 means the resident paid more than their tickets are worth.
 */
export async function reconciliation(db: Db, sd: string, week: string) {
  const prices = await pricesFor(db, sd, week)
  const sales = await db
    .selectFrom('meal_sales as s')
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 's.subdistrict_id').onRef('p.id', '=', 's.subscriber_id'))
    .select(['s.id', 's.status', 's.paid_fen', 's.refund_fen', 's.total_fen', 'p.id as subscriber_id', 'p.name', 'p.community_id'])
    .where('s.subdistrict_id', '=', sd)
    .where('s.week', '=', week)
    .execute()
  const lines = await db
    .selectFrom('meal_sale_lines as l')
    .innerJoin('meal_sales as s', (j) => j.onRef('s.subdistrict_id', '=', 'l.subdistrict_id').onRef('s.id', '=', 'l.sale_id'))
    .selectAll('l')
    .where('l.subdistrict_id', '=', sd)
    .where('s.week', '=', week)
    .where('s.status', '=', 'active')
    .execute()
  const rows = new Map<string, LedgerRow>()
  for (const s of sales) {
    const r = rows.get(s.subscriber_id) ?? {
      subscriber_id: s.subscriber_id,
      name: s.name,
      community_id: s.community_id,
      sales: 0,
      expected_fen: 0,
      paid_fen: 0,
      refund_fen: 0,
      balance_fen: 0,
    }
    r.sales += 1
    r.paid_fen += s.paid_fen
    r.refund_fen += s.refund_fen
    for (const l of lines.filter((x) => x.sale_id === s.id)) r.expected_fen += priceDay(l, prices)
    rows.set(s.subscriber_id, r)
  }
  const ledger = [...rows.values()]
    .map((r) => ({ ...r, balance_fen: r.paid_fen - r.refund_fen - r.expected_fen }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  const sum = (k: keyof LedgerRow) => ledger.reduce((s, r) => s + (r[k] as number), 0)
  return {
    week,
    prices,
    ledger,
    totals: {
      sales: sum('sales'),
      expected_fen: sum('expected_fen'),
      paid_fen: sum('paid_fen'),
      refund_fen: sum('refund_fen'),
      balance_fen: sum('balance_fen'),
    },
  }
}
