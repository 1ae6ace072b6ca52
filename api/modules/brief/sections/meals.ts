// The meals section: residents served, sets and boxes per week, no-shows, the money of the month's
// weeks against their tickets, and residents who started or stopped taking lunch.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { BriefPeriod, BriefTable } from '#domain/brief/brief.ts'
import { addDays } from '#domain/time.ts'
import type { PriceList } from '#domain/meals/pricing.ts'
import { mealsByWeek, mealsFigures, reconciledWeeks, type MealsRecords } from '#domain/brief/figures.ts'
import { pricesFor } from '../../meals/settings/queries.ts'
import { mayOpen, type BriefContext, type BriefSectionBuilder } from './section.ts'

const READ = ['meals', 'admin', 'coordinator'] as const
const MANAGE = ['meals', 'admin'] as const

/**
 * Ticket lines of active sales up to a week past the month (the month's last week is reconciled in it),
 * the sales of the weeks reconciled in the month, the month's check-offs and the weeks' prices.
 */
export async function loadMeals(db: Kysely<DB>, sd: string, community: string | null, p: BriefPeriod): Promise<MealsRecords> {
  const weeks = reconciledWeeks(p)
  let lines = db
    .selectFrom('meal_sale_lines as l')
    .innerJoin('meal_sales as s', (j) => j.onRef('s.subdistrict_id', '=', 'l.subdistrict_id').onRef('s.id', '=', 'l.sale_id'))
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 's.subdistrict_id').onRef('p.id', '=', 's.subscriber_id'))
    .select(['l.sale_id', 's.subscriber_id', 'l.date', 'l.sets', 'l.boxes', 'l.rice', 'l.buns', 'l.soups'])
    .where('l.subdistrict_id', '=', sd)
    .where('s.status', '=', 'active')
    .where('l.date', '<=', addDays(p.last_date, 6))
  if (community) lines = lines.where('p.community_id', '=', community)
  let sales = db
    .selectFrom('meal_sales as s')
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 's.subdistrict_id').onRef('p.id', '=', 's.subscriber_id'))
    .select(['s.id', 's.subscriber_id', 's.week', 's.status', 's.paid_fen', 's.refund_fen'])
    .where('s.subdistrict_id', '=', sd)
    .where('s.week', 'in', weeks.length ? weeks : ['-'])
  if (community) sales = sales.where('p.community_id', '=', community)
  let pickups = db
    .selectFrom('meal_pickups as k')
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 'k.subdistrict_id').onRef('p.id', '=', 'k.subscriber_id'))
    .select(['k.subscriber_id', 'k.date', 'k.picked'])
    .where('k.subdistrict_id', '=', sd)
    .where('k.date', '>=', p.first_date)
    .where('k.date', '<=', p.last_date)
  if (community) pickups = pickups.where('p.community_id', '=', community)
  const prices = new Map<string, PriceList>()
  for (const w of weeks) prices.set(w, await pricesFor(db, sd, w))
  return {
    lines: await lines.execute(),
    sales: await sales.execute(),
    pickups: (await pickups.execute()).map((k) => ({ ...k, picked: k.picked === 1 })),
    prices,
  }
}

const reportLink = (ctx: BriefContext, p: BriefPeriod) => {
  const week = reconciledWeeks(p)[0]
  return week && mayOpen(ctx, READ) ? `/meals/report/${week}` : null
}
const pickupLink = (ctx: BriefContext, p: BriefPeriod) =>
  p.days_over_until >= p.first_date && mayOpen(ctx, READ) ? `/meals/pickup/${p.days_over_until}` : null
const subscribersLink = (ctx: BriefContext) => (mayOpen(ctx, MANAGE) ? '/meals/subscribers' : null)

export const mealsSection: BriefSectionBuilder = {
  id: 'meals',
  title: '老年餐',
  roles: READ,
  empty: '本月没有售出餐票。',
  notes: [
    '服务人数、份数按用餐日期计入月份；未取餐为取餐时间已过、却未核销的餐票日。',
    '收入核对：周一在本月的各周，所收款项（减去退款）与餐票按当周价格应收之差。',
    '新增订餐：本月首次用餐的居民；停订：上月用餐、本月未用餐的居民。',
  ],
  figures: [
    { key: 'residents', label: '服务居民', unit: 'count', link: reportLink, glance: true },
    { key: 'sets', label: '套餐份数', unit: 'count', link: reportLink },
    { key: 'boxes', label: '盒饭份数', unit: 'count', link: reportLink },
    { key: 'no_shows', label: '未取餐次数', unit: 'count', lower_is_better: true, link: pickupLink, glance: true },
    { key: 'expected_fen', label: '餐票应收', unit: 'fen', link: reportLink },
    { key: 'received_fen', label: '实收（减退款）', unit: 'fen', link: reportLink },
    { key: 'balance_fen', label: '收支差额', unit: 'fen', link: reportLink },
    { key: 'new_subscribers', label: '新增订餐居民', unit: 'count', link: subscribersLink },
    { key: 'lapsed_subscribers', label: '停订居民', unit: 'count', lower_is_better: true, link: subscribersLink },
  ],
  async measure(ctx, p, previous) {
    const f = mealsFigures(await loadMeals(ctx.db, ctx.subdistrictId, ctx.communityId, p), p, previous)
    return { has_data: f.ticket_days + f.received_fen > 0, values: { ...f } }
  },
  async tables(ctx, p) {
    const weeks = mealsByWeek(await loadMeals(ctx.db, ctx.subdistrictId, ctx.communityId, p), p)
    const table: BriefTable = {
      key: 'meals_by_week',
      title: '每周套餐与盒饭',
      columns: [
        { key: 'week', label: '周（本月日期）', unit: null },
        { key: 'residents', label: '居民', unit: 'count' },
        { key: 'sets', label: '套餐', unit: 'count' },
        { key: 'boxes', label: '盒饭', unit: 'count' },
      ],
      rows: weeks
        .filter((w) => w.residents > 0)
        .map((w) => ({
          cells: [`${w.week}（${w.first.slice(5)}–${w.last.slice(5)}）`, w.residents, w.sets, w.boxes],
          link: mayOpen(ctx, READ) ? `/meals/report/${w.week}` : null,
          photo: null,
          trend: null,
        })),
      empty: '本月没有餐票。',
      trend_label: null,
    }
    return [table]
  },
}
