// Ticket sales for the coming week. The server clock decides the window; the menu must be published
// and the day open; prices come from the week's price list. Voids keep the sale with a reason, and a
// sale of days the resident already holds tickets for needs one too (kept as free text, like the note).
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem, fieldsProblem, notFound, conflict, refused, type FieldKey } from '../../../http/problem.ts'
import { isoWeekDates } from '#domain/time.ts'
import { priceDay } from '#domain/meals/pricing.ts'
import { saleRefusal, salesWindow } from '#domain/meals/window.ts'
import type { Sale, SaleInput } from '#domain/meals/sales.ts'
import { maskMobile } from '#domain/meals/phone.ts'
import { pricesFor, windowSettings } from '../settings/queries.ts'
import type { Db } from '../../../db/handle.ts'
import { findSubscriberRow } from '../subscribers/service.ts'

export const WINDOW_PROBLEM = 'https://lastmile.local/problems/meals-window-closed'

/** Refuses a sale the rules do not allow; nothing is written before this passes. */
export async function checkSale(db: Db, sd: string, input: SaleInput, now: Date): Promise<void> {
  const settings = await windowSettings(db, sd)
  const refusal = saleRefusal(now, input.week, settings)
  if (refusal) {
    throw refused(422, 'meals_window_closed', {
      params: { rule: refusal },
      type: WINDOW_PROBLEM,
      errors: [{ path: 'week', key: 'meals_window_closed', params: { rule: refusal } }],
      members: { window: salesWindow(now, settings) },
    })
  }
  const sub = await findSubscriberRow(db, sd, input.subscriber_id).catch(() => undefined)
  if (!sub || sub.active !== 1) {
    throw fieldProblem('meals_subscriber_inactive', 'subscriber_id', { status: 422 })
  }
  const menu = await db.selectFrom('meal_menus').select('status').where('subdistrict_id', '=', sd).where('week', '=', input.week).executeTakeFirst()
  if (menu?.status !== 'published') {
    throw refused(422, 'meals_menu_unpublished_week', { params: { week: input.week }, errors: [{ path: 'week', key: 'meals_menu_unpublished' }] })
  }
  const dates = isoWeekDates(input.week)!
  const days = await db
    .selectFrom('meal_menu_days')
    .select(['date', 'closed', 'closed_reason'])
    .where('subdistrict_id', '=', sd)
    .where('week', '=', input.week)
    .execute()
  const errors = input.lines.flatMap((l, i): FieldKey[] => {
    const path = `lines.${i}.date`
    if (!dates.includes(l.date)) return [{ path, key: 'meals_date_outside_week', params: { week: input.week } }]
    const d = days.find((x) => x.date === l.date)
    // The reason is the office's own words (in Chinese), shown in brackets after the date.
    if (d?.closed === 1) return [{ path, key: 'meals_day_closed', params: { date: l.date, reason: d.closed_reason ? `（${d.closed_reason}）` : '' } }]
    return []
  })
  if (errors.length) throw fieldsProblem(errors, { status: 422, detail: errors[0]!.key, params: errors[0]!.params })
  const overlaps = await heldDays(
    db,
    sd,
    input.subscriber_id,
    input.lines.map((l) => l.date),
    input.id,
  )
  if (overlaps.length && !input.overlap_reason) {
    const dates = [...new Set(overlaps.flatMap((o) => o.dates))].sort().join(', ')
    const params = { dates, receipt: overlaps[0]!.sale_id.slice(-12) }
    throw refused(422, 'meals_sale_overlap', { params, errors: [{ path: 'overlap_reason', key: 'meals_sale_overlap', params }], members: { overlaps } })
  }
}

/** The resident's active sales holding any of `dates`, with the days they hold (the sale `exceptId` aside). */
export async function heldDays(db: Db, sd: string, subscriberId: string, dates: string[], exceptId: string): Promise<{ sale_id: string; dates: string[] }[]> {
  if (!dates.length) return []
  const rows = await db
    .selectFrom('meal_sale_lines as l')
    .innerJoin('meal_sales as s', (j) => j.onRef('s.subdistrict_id', '=', 'l.subdistrict_id').onRef('s.id', '=', 'l.sale_id'))
    .select(['s.id', 'l.date'])
    .where('l.subdistrict_id', '=', sd)
    .where('s.subscriber_id', '=', subscriberId)
    .where('s.status', '=', 'active')
    .where('s.id', '<>', exceptId)
    .where('l.date', 'in', dates)
    .orderBy('s.created_at')
    .orderBy('l.date')
    .execute()
  const by = new Map<string, string[]>()
  for (const r of rows) by.set(r.id, [...(by.get(r.id) ?? []), r.date])
  return [...by.entries()].map(([sale_id, d]) => ({ sale_id, dates: d }))
}

export async function createSale(db: Db, user: SessionUser, input: SaleInput, now: Date): Promise<Sale> {
  const sd = user.subdistrict_id
  const exists = await db.selectFrom('meal_sales').select('id').where('subdistrict_id', '=', sd).where('id', '=', input.id).executeTakeFirst()
  if (exists) throw conflict('meals_sale_recorded')
  await checkSale(db, sd, input, now)
  const prices = await pricesFor(db, sd, input.week)
  const lines = input.lines.map((l) => ({ ...l, fen: priceDay(l, prices) })).sort((a, b) => a.date.localeCompare(b.date))
  const total = lines.reduce((s, l) => s + l.fen, 0)
  const paid = input.paid_fen ?? total
  // What a resident pays is bounded by what the sale costs; less needs a reason on record (the note).
  if (paid > total) throw fieldProblem('meals_paid_over_total', 'paid_fen', { status: 422 })
  if (paid < total && !input.note) throw fieldProblem('meals_paid_short_reason', 'paid_fen', { status: 422 })
  await db
    .insertInto('meal_sales')
    .values({
      subdistrict_id: sd,
      id: input.id,
      subscriber_id: input.subscriber_id,
      week: input.week,
      total_fen: total,
      paid_fen: paid,
      payment_method: input.payment_method,
      note: input.note,
      overlap_reason: input.overlap_reason,
      status: 'active',
      void_reason: null,
      voided_at: null,
      voided_by: null,
      refund_fen: 0,
      sold_by: user.id,
      created_at: now.toISOString(),
      client_time: input.client_time ?? null,
      version: 1,
    })
    .execute()
  await db
    .insertInto('meal_sale_lines')
    .values(lines.map((l) => ({ subdistrict_id: sd, sale_id: input.id, ...l })))
    .execute()
  return getSale(db, sd, input.id)
}

/**
 * The sale already recorded under `input.id`, when `input` asks for exactly it (a resent request);
 * undefined when the id is new; 409 when the id holds a different sale. Call it holding the counter lock.
 */
export async function recordedSale(db: Db, sd: string, input: SaleInput): Promise<Sale | undefined> {
  const exists = await db.selectFrom('meal_sales').select('id').where('subdistrict_id', '=', sd).where('id', '=', input.id).executeTakeFirst()
  if (!exists) return undefined
  const stored = await getSale(db, sd, input.id)
  if (sameSale(stored, input)) return stored
  throw conflict('meals_sale_id_reused')
}

/** Whether `input` asks for exactly the recorded sale (client_time aside: the device stamps each try). */
export function sameSale(stored: Sale, input: SaleInput): boolean {
  const key = (l: { date: string; sets: number; boxes: number; rice: number; buns: number; soups: number }) =>
    [l.date, l.sets, l.boxes, l.rice, l.buns, l.soups].join('/')
  const lines = (ls: Parameters<typeof key>[0][]) => ls.map(key).sort().join(';')
  return (
    stored.subscriber_id === input.subscriber_id &&
    stored.week === input.week &&
    lines(stored.lines) === lines(input.lines) &&
    stored.paid_fen === (input.paid_fen ?? stored.total_fen) &&
    stored.payment_method === input.payment_method &&
    stored.note === input.note &&
    stored.overlap_reason === input.overlap_reason
  )
}

export async function listSales(db: Db, sd: string, filter: { week?: string; subscriber_id?: string }): Promise<Sale[]> {
  let q = db.selectFrom('meal_sales').select('id').where('subdistrict_id', '=', sd)
  if (filter.week) q = q.where('week', '=', filter.week)
  if (filter.subscriber_id) q = q.where('subscriber_id', '=', filter.subscriber_id)
  const ids = (await q.orderBy('created_at', 'desc').limit(500).execute()).map((r) => r.id)
  return loadSales(db, sd, ids)
}

export async function getSale(db: Db, sd: string, id: string): Promise<Sale> {
  const [sale] = await loadSales(db, sd, [id])
  if (!sale) throw notFound('meals_sale_unknown')
  return sale
}

async function loadSales(db: Db, sd: string, ids: string[]): Promise<Sale[]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('meal_sales as s')
    .innerJoin('meal_subscribers as p', (j) => j.onRef('p.subdistrict_id', '=', 's.subdistrict_id').onRef('p.id', '=', 's.subscriber_id'))
    .leftJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 's.subdistrict_id').onRef('u.id', '=', 's.sold_by'))
    .selectAll('s')
    .select(['p.name as subscriber_name', 'p.phone as subscriber_phone', 'u.display_name as sold_by_name'])
    .where('s.subdistrict_id', '=', sd)
    .where('s.id', 'in', ids)
    .execute()
  const lines = await db.selectFrom('meal_sale_lines').selectAll().where('subdistrict_id', '=', sd).where('sale_id', 'in', ids).orderBy('date').execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const r = byId.get(id)
    if (!r) return []
    return [
      {
        id: r.id,
        subscriber_id: r.subscriber_id,
        subscriber_name: r.subscriber_name,
        subscriber_phone_masked: maskMobile(r.subscriber_phone),
        week: r.week,
        lines: lines
          .filter((l) => l.sale_id === id)
          .map((l) => ({ date: l.date, sets: l.sets, boxes: l.boxes, rice: l.rice, buns: l.buns, soups: l.soups, fen: l.fen })),
        total_fen: r.total_fen,
        paid_fen: r.paid_fen,
        payment_method: r.payment_method as Sale['payment_method'],
        note: r.note,
        overlap_reason: r.overlap_reason,
        status: r.status as Sale['status'],
        void_reason: r.void_reason,
        voided_at: r.voided_at,
        refund_fen: r.refund_fen,
        sold_by_name: r.sold_by_name ?? '',
        created_at: r.created_at,
        client_time: r.client_time,
        version: r.version,
      },
    ]
  })
}

export async function voidSale(db: Db, user: SessionUser, id: string, body: { reason: string; refund_fen?: number }, now: Date): Promise<Sale> {
  const sd = user.subdistrict_id
  const sale = await getSale(db, sd, id)
  if (sale.status === 'void') throw conflict('meals_sale_void')
  const refund = body.refund_fen ?? sale.paid_fen
  if (refund > sale.paid_fen) {
    throw fieldProblem('meals_refund_too_big', 'refund_fen')
  }
  await db
    .updateTable('meal_sales')
    .set({ status: 'void', void_reason: body.reason, voided_at: now.toISOString(), voided_by: user.id, refund_fen: refund, version: sale.version + 1 })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .execute()
  return getSale(db, sd, id)
}
