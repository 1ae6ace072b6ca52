import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bundleBoxes, DEFAULT_PRICES, formatYuan, orderError, priceDay, priceOrder, type DayOrder } from './pricing.ts'
import { SaleLineInput } from './sales.ts'
import { PriceListInput } from './catalog.ts'

const order = (o: Partial<DayOrder>): DayOrder => ({ sets: 0, boxes: 0, rice: 0, buns: 0, soups: 0, ...o })

describe('lunch pricing (integer fen)', () => {
  it('prices the newspaper examples', () => {
    expect(priceDay(order({ sets: 1 }), DEFAULT_PRICES)).toBe(3800)
    expect(priceDay(order({ boxes: 1, rice: 1 }), DEFAULT_PRICES)).toBe(3800)
    expect(priceDay(order({ boxes: 1, buns: 2, soups: 1 }), DEFAULT_PRICES)).toBe(4100)
    expect(priceDay(order({ buns: 4 }), DEFAULT_PRICES)).toBe(400)
    expect(formatYuan(4100)).toBe('41.00')
    expect(formatYuan(205)).toBe('2.05')
  })

  it('sells buns only in pairs', () => {
    expect(orderError(order({ buns: 3 }))).toBe('meals_buns_pair')
    expect(() => priceDay(order({ buns: 1 }), DEFAULT_PRICES)).toThrow(RangeError)
    const r = SaleLineInput.safeParse({ date: '2026-12-07', buns: 3 })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['buns', 'meals_buns_pair'])
  })

  it('refuses a meat, vegetable or side dish alone and bundles equal picks into boxes', () => {
    expect(bundleBoxes({ meat: 1 })).toEqual({ error: 'meals_bundle_only' })
    expect(bundleBoxes({ meat: 2, vegetable: 2, side: 1 })).toEqual({ error: 'meals_bundle_only' })
    expect(bundleBoxes({ meat: 2, vegetable: 2, side: 2 })).toEqual({ boxes: 2 })
    const alone = SaleLineInput.safeParse({ date: '2026-12-07', meat: 1 })
    expect(alone.success).toBe(false)
    expect(alone.error!.issues[0]).toMatchObject({ path: ['meat'], message: 'meals_bundle_only' })
    const bundled = SaleLineInput.parse({ date: '2026-12-07', meat: 1, vegetable: 1, side: 1, rice: 1 })
    expect(bundled).toEqual({ date: '2026-12-07', sets: 1 - 1, boxes: 1, rice: 1, buns: 0, soups: 0 })
  })

  it('refuses an empty day and fractional prices', () => {
    expect(SaleLineInput.safeParse({ date: '2026-12-07' }).success).toBe(false)
    const p = PriceListInput.safeParse({ ...DEFAULT_PRICES, set_fen: 3800.5 })
    expect(p.error!.issues[0]).toMatchObject({ path: ['set_fen'], message: 'meals_fen_int' })
  })

  const qty = fc.integer({ min: 0, max: 50 })
  const anyOrder = fc.record({ sets: qty, boxes: qty, rice: qty, buns: qty.map((n) => n - (n % 2)), soups: qty })
  const prices = fc.record({
    set_fen: fc.nat(100000),
    box_fen: fc.nat(100000),
    rice_fen: fc.nat(100000),
    bun_pair_fen: fc.nat(100000),
    soup_fen: fc.nat(100000),
  })

  it('property: every valid order costs a whole, non-negative number of fen, additive over days', () => {
    fc.assert(
      fc.property(fc.array(anyOrder, { maxLength: 7 }), prices, (days, p) => {
        const total = priceOrder(days, p)
        expect(Number.isSafeInteger(total)).toBe(true)
        expect(total).toBeGreaterThanOrEqual(0)
        expect(total).toBe(days.map((d) => priceDay(d, p)).reduce((a, b) => a + b, 0))
      }),
    )
  })

  it('property: à-la-carte picks are accepted exactly when meat = vegetable = side, and price as boxes', () => {
    fc.assert(
      fc.property(qty, qty, qty, (meat, vegetable, side) => {
        const r = SaleLineInput.safeParse({ date: '2026-12-08', meat, vegetable, side, rice: 1 })
        expect(r.success).toBe(meat === vegetable && vegetable === side)
        if (r.success) expect(priceDay(r.data, DEFAULT_PRICES)).toBe(meat * 3600 + 200)
      }),
    )
  })

  it('property: an odd bun count is always refused, an even one priced per pair', () => {
    fc.assert(
      fc.property(qty, (buns) => {
        const r = SaleLineInput.safeParse({ date: '2026-12-08', buns, soups: 1 })
        expect(r.success).toBe(buns % 2 === 0)
        if (r.success) expect(priceDay(r.data, DEFAULT_PRICES)).toBe((buns / 2) * 200 + 300)
      }),
    )
  })
})
