// The 38-yuan lunch rules in one place, shared by the counter phone and the server: a set, a box that
// only exists as meat+vegetable+side together, rice per box, buns per pair, soup or drink. Integer fen.

/** Prices of one ISO week, in fen. */
export interface PriceList {
  set_fen: number
  box_fen: number
  rice_fen: number
  bun_pair_fen: number
  soup_fen: number
}

/** 38元/套, 36元/盒 (荤+素+小菜), 米饭 2元/盒, 馒头 2元/2个, 汤羹或饮品 3元/份. */
export const DEFAULT_PRICES: PriceList = { set_fen: 3800, box_fen: 3600, rice_fen: 200, bun_pair_fen: 200, soup_fen: 300 }

/** What one resident takes on one day. `buns` counts buns (always even), not pairs. */
export interface DayOrder {
  sets: number
  boxes: number
  rice: number
  buns: number
  soups: number
}

/** À-la-carte picks by category, as a cashier may key them. */
export interface ALaCarte {
  meat?: number
  vegetable?: number
  side?: number
}

export type PricingError = 'meals_bundle_only' | 'meals_buns_pair' | 'meals_qty_int'

const isQty = (n: number) => Number.isInteger(n) && n >= 0

/**
 * Meat, vegetable and side picked singly become boxes only when they come in equal numbers;
 * anything else (a meat dish alone, two meats and one side) is refused.
 */
export function bundleBoxes(picks: ALaCarte): { boxes: number } | { error: PricingError } {
  const m = picks.meat ?? 0
  const v = picks.vegetable ?? 0
  const s = picks.side ?? 0
  if (![m, v, s].every(isQty)) return { error: 'meals_qty_int' }
  if (m !== v || v !== s) return { error: 'meals_bundle_only' }
  return { boxes: m }
}

/** The first rule a day order breaks, or undefined. */
export function orderError(o: DayOrder): PricingError | undefined {
  if (![o.sets, o.boxes, o.rice, o.buns, o.soups].every(isQty)) return 'meals_qty_int'
  if (o.buns % 2 !== 0) return 'meals_buns_pair'
  return undefined
}

export function bunPairs(o: Pick<DayOrder, 'buns'>): number {
  return o.buns / 2
}

/** Price of one day order in fen; throws on an order that breaks the rules (validate first). */
export function priceDay(o: DayOrder, p: PriceList): number {
  const err = orderError(o)
  if (err) throw new RangeError(err)
  return o.sets * p.set_fen + o.boxes * p.box_fen + o.rice * p.rice_fen + bunPairs(o) * p.bun_pair_fen + o.soups * p.soup_fen
}

export function priceOrder(days: DayOrder[], p: PriceList): number {
  return days.reduce((sum, d) => sum + priceDay(d, p), 0)
}

export function isEmptyOrder(o: DayOrder): boolean {
  return o.sets + o.boxes + o.rice + o.buns + o.soups === 0
}

export { formatYuan } from '../money.ts'
