// Contracts of ticket sales, voids, pickups and the kitchen sheet. A sale line is one day of the
// coming week; the pricing rules check it, so a meat dish alone or an odd bun count never gets in.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { Instant, IsoWeek, PlainDate, Qty, Reason, Fen } from './fields.ts'
import { bundleBoxes, isEmptyOrder } from './pricing.ts'

export const SaleLineInput = z
  .strictObject({
    date: PlainDate,
    sets: Qty.default(0),
    boxes: Qty.default(0),
    rice: Qty.default(0),
    buns: Qty.default(0),
    soups: Qty.default(0),
    /** À-la-carte picks: only meat+vegetable+side together, each becoming one box. */
    meat: Qty.optional(),
    vegetable: Qty.optional(),
    side: Qty.optional(),
  })
  .superRefine((l, ctx) => {
    const b = bundleBoxes(l)
    if ('error' in b) {
      const path = (l.meat ?? 0) > 0 ? 'meat' : (l.vegetable ?? 0) > 0 ? 'vegetable' : 'side'
      ctx.addIssue({ code: 'custom', path: [path], message: b.error })
    }
    if (l.buns % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['buns'], message: 'meals_buns_pair' })
  })
  .transform((l) => {
    const b = bundleBoxes(l)
    const boxes = l.boxes + ('boxes' in b ? b.boxes : 0)
    return { date: l.date, sets: l.sets, boxes, rice: l.rice, buns: l.buns, soups: l.soups }
  })
  .refine((l) => !isEmptyOrder(l), { error: 'meals_line_empty', path: ['sets'] })
export type SaleLineInput = z.output<typeof SaleLineInput>

export const PAYMENT_METHODS = ['cash', 'mobile', 'card'] as const

const SaleFields = z.strictObject({
  subscriber_id: Id,
  week: IsoWeek,
  lines: z.array(SaleLineInput).min(1, { error: 'meals_lines_empty' }).max(7),
  /** Defaults to the total: most residents pay at the counter as they buy. */
  paid_fen: Fen.optional(),
  payment_method: z.enum(PAYMENT_METHODS).default('cash'),
  note: text().trim().max(200).default(''),
  /** Required when the resident already holds tickets for one of these days (the server checks). */
  overlap_reason: text().trim().max(200).default(''),
  /** When the device recorded it (offline sales); the server's clock still decides the window. */
  client_time: Instant.optional(),
})
const oneLinePerDay = (s: { lines: { date: string }[] }) => new Set(s.lines.map((l) => l.date)).size === s.lines.length

/** A sale over REST: the device-made id travels in the body. */
export const SaleInput = SaleFields.extend({ id: Id }).refine(oneLinePerDay, { error: 'meals_lines_dup', path: ['lines'] })
/** A sale through the sync engine: the id is the mutation's entity_id. */
export const SaleData = SaleFields.refine(oneLinePerDay, { error: 'meals_lines_dup', path: ['lines'] })
export type SaleData = z.output<typeof SaleData>
export type SaleInput = z.output<typeof SaleInput>

export const SaleLine = z.object({
  date: text(),
  sets: z.number(),
  boxes: z.number(),
  rice: z.number(),
  buns: z.number(),
  soups: z.number(),
  fen: z.number(),
})
export type SaleLine = z.infer<typeof SaleLine>

export const Sale = z.object({
  id: Id,
  subscriber_id: Id,
  subscriber_name: text(),
  subscriber_phone_masked: text(),
  week: text(),
  lines: z.array(SaleLine),
  total_fen: z.number(),
  paid_fen: z.number(),
  payment_method: z.enum(PAYMENT_METHODS),
  note: text(),
  overlap_reason: text(),
  status: z.enum(['active', 'void']),
  void_reason: text().nullable(),
  voided_at: text().nullable(),
  refund_fen: z.number(),
  sold_by_name: text(),
  created_at: text(),
  client_time: text().nullable(),
  version: z.number(),
})
export type Sale = z.infer<typeof Sale>

export const SaleVoid = z.strictObject({ reason: Reason, refund_fen: Fen.optional() })

const PickupFields = {
  date: PlainDate,
  subscriber_id: Id,
  picked: z.boolean(),
  pickup_point_id: Id.nullable().default(null),
  client_time: Instant.optional(),
}
export const PickupPut = z.strictObject({ id: Id, ...PickupFields })
export type PickupPut = z.output<typeof PickupPut>
/** A check-off through the sync engine: the id is the mutation's entity_id. */
export const PickupData = z.strictObject(PickupFields)
export type PickupData = z.output<typeof PickupData>

/** One check-off as stored and logged for the devices that pull. */
export const PickupRecord = z.object({
  id: Id,
  date: text(),
  subscriber_id: Id,
  picked: z.boolean(),
  picked_at: text().nullable(),
  pickup_point_id: Id.nullable(),
  community_id: text(),
  version: z.number(),
})
export type PickupRecord = z.infer<typeof PickupRecord>

export const PickupRow = z.object({
  subscriber_id: Id,
  name: text(),
  phone_masked: text(),
  community_id: text(),
  building: text(),
  dietary_notes: text(),
  /** Set when the resident withdrew consent while holding tickets: they collect by this code, anonymously. */
  pickup_code: text().nullable().default(null),
  sets: z.number(),
  boxes: z.number(),
  rice: z.number(),
  buns: z.number(),
  soups: z.number(),
  picked: z.boolean(),
  picked_at: text().nullable(),
  pickup_id: Id.nullable(),
})
export const PickupList = z.object({
  date: text(),
  closed: z.boolean(),
  rows: z.array(PickupRow),
  picked: z.number(),
  no_shows: z.number(),
  pending: z.number(),
})
export type PickupList = z.infer<typeof PickupList>

export const KitchenTotals = z.object({ sets: z.number(), boxes: z.number(), rice: z.number(), bun_pairs: z.number(), soups: z.number(), people: z.number() })
export const KitchenSheet = z.object({
  date: text(),
  week: text(),
  closed: z.boolean(),
  menu_published: z.boolean(),
  dishes: z.record(text(), text().nullable()),
  totals: KitchenTotals,
  by_community: z.array(z.object({ community_id: text(), name: text() }).extend(KitchenTotals.shape)),
  diets: z.array(z.object({ name: text(), community_id: text(), building: text(), notes: text(), restrictions: z.array(text()) })),
  /** Who holds a ticket for the day although one of its dishes does not suit them, dish by dish. */
  conflicts: z.array(
    z.object({
      name: text(),
      community_id: text(),
      building: text(),
      category: text(),
      dish: text(),
      restriction: text(),
      kind: z.enum(['allergen', 'diet']),
    }),
  ),
})
export type KitchenSheet = z.infer<typeof KitchenSheet>

/** One resident's line in the weekly reconciliation: what was due, paid and refunded, in fen. */
export const LedgerRow = z.object({
  subscriber_id: text(),
  name: text(),
  community_id: text(),
  sales: z.number(),
  expected_fen: z.number(),
  paid_fen: z.number(),
  refund_fen: z.number(),
  balance_fen: z.number(),
})
export type LedgerRow = z.infer<typeof LedgerRow>

/** The weekly reconciliation: the ledger per resident and its totals. */
export const Reconciliation = z.object({
  week: text(),
  ledger: z.array(LedgerRow),
  totals: LedgerRow.omit({ subscriber_id: true, name: true, community_id: true }),
})
export type Reconciliation = z.infer<typeof Reconciliation>
