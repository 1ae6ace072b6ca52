// Contracts of what the kitchen offers: dishes by category with diet tags and allergens, the weekly menu keyed by
// ISO week, the price list per week, the sales window settings and the pickup points.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { Fen, HhMm, IsoWeek, minutesOf, Name, PlainDate } from './fields.ts'
import { Allergen } from './diet.ts'

export const DISH_CATEGORIES = ['meat', 'vegetable', 'side', 'staple', 'soup'] as const
export const DishCategory = z.enum(DISH_CATEGORIES, { error: 'meals_category_invalid' })
export type DishCategory = z.infer<typeof DishCategory>

export const DIET_TAGS = ['low_salt', 'low_sugar', 'low_fat', 'soft', 'vegetarian', 'halal', 'spicy'] as const
export const DietTag = z.enum(DIET_TAGS, { error: 'meals_tag_invalid' })
export type DietTag = z.infer<typeof DietTag>

export const DishInput = z.strictObject({
  name: Name,
  category: DishCategory,
  tags: z.array(DietTag).max(7).default([]),
  /** What the dish contains that residents may be allergic to (五香花生 → peanut). */
  allergens: z.array(Allergen).max(9).default([]),
  active: z.boolean().default(true),
})
export type DishInput = z.infer<typeof DishInput>
/** A new dish under the id its form made (a resend answers with the first dish). */
export const DishCreate = DishInput.extend({ id: Id.optional() })
export type DishCreate = z.infer<typeof DishCreate>

export const Dish = z.object({ id: Id, name: text(), category: DishCategory, tags: z.array(DietTag), allergens: z.array(Allergen), active: z.boolean() })
export type Dish = z.infer<typeof Dish>

/** One dish per category makes the day's set. */
export const DaySetIds = z.strictObject({
  meat: Id.nullable(),
  vegetable: Id.nullable(),
  side: Id.nullable(),
  staple: Id.nullable(),
  soup: Id.nullable(),
})

export const MenuDayInput = z.strictObject({
  date: PlainDate,
  closed: z.boolean().default(false),
  closed_reason: text().trim().max(100).nullable().default(null),
  dishes: DaySetIds,
})

export const MenuPut = z.strictObject({
  days: z.array(MenuDayInput).length(7, { error: 'meals_days_seven' }),
  /** Required once the week is published: residents see it as a change. */
  change_note: text().trim().max(300).optional(),
})
export type MenuPut = z.infer<typeof MenuPut>

const DishRef = z.object({ id: Id, name: text(), tags: z.array(DietTag), allergens: z.array(Allergen) }).nullable()

export const MenuDay = z.object({
  date: text(),
  weekday: z.number(),
  closed: z.boolean(),
  closed_reason: text().nullable(),
  dishes: z.object({ meat: DishRef, vegetable: DishRef, side: DishRef, staple: DishRef, soup: DishRef }),
})
export type MenuDay = z.infer<typeof MenuDay>

export const MenuChange = z.object({ id: Id, at: text(), note: text(), by_name: text() })
export type MenuChange = z.infer<typeof MenuChange>

export const MenuWeek = z.object({
  week: text(),
  status: z.enum(['none', 'draft', 'published']),
  published_at: text().nullable(),
  version: z.number(),
  days: z.array(MenuDay),
  changes: z.array(MenuChange),
})
export type MenuWeek = z.infer<typeof MenuWeek>

export const PriceListInput = z.strictObject({ set_fen: Fen, box_fen: Fen, rice_fen: Fen, bun_pair_fen: Fen, soup_fen: Fen })
export const PriceListOut = PriceListInput.extend({ week: text(), is_default: z.boolean() })
export type PriceListOut = z.infer<typeof PriceListOut>

export const WeekParam = z.object({ week: IsoWeek })

export const SettingsInput = z
  .strictObject({
    opens_weekday: z.number().int().min(1).max(7),
    opens_time: HhMm,
    closes_weekday: z.number().int().min(1).max(7),
    closes_time: HhMm,
  })
  .refine((s) => s.closes_weekday * 1440 + minutesOf(s.closes_time) > s.opens_weekday * 1440 + minutesOf(s.opens_time), {
    error: 'meals_window_order',
    path: ['closes_time'],
  })
export type SettingsInput = z.infer<typeof SettingsInput>

const pickupPointFields = {
  name: Name,
  community_id: Slug,
  address: text().trim().min(1, { error: 'required' }).max(120),
  opens_time: HhMm,
  closes_time: HhMm,
  active: z.boolean().default(true),
}
const pickupWindowOk = (p: { opens_time: string; closes_time: string }) => minutesOf(p.closes_time) > minutesOf(p.opens_time)
const pickupWindow = { error: 'meals_pickup_window', path: ['closes_time'] }
export const PickupPointInput = z.strictObject(pickupPointFields).refine(pickupWindowOk, pickupWindow)
export type PickupPointInput = z.infer<typeof PickupPointInput>
/** A new pickup point under the id its form made. */
export const PickupPointCreate = z.strictObject({ ...pickupPointFields, id: Id.optional() }).refine(pickupWindowOk, pickupWindow)
export type PickupPointCreate = z.infer<typeof PickupPointCreate>

export const PickupPoint = z.object({
  id: Id,
  name: text(),
  community_id: text(),
  address: text(),
  opens_time: text(),
  closes_time: text(),
  active: z.boolean(),
})
export type PickupPoint = z.infer<typeof PickupPoint>
