// What the meals read routes answer that has no schema beside its rules (the sales window is
// SalesWindowView in window.ts, the reconciliation Reconciliation in sales.ts): the window settings and
// the residents' public page.
import { z } from 'zod'
import { SalesWindowView, type WindowSettings as WindowSettingsShape } from './window.ts'
import { PickupPoint, PriceListInput } from './catalog.ts'

/** The sales window's rule as stored: from which weekday and time to which. */
export const WindowSettings = z.object({
  opens_weekday: z.number(),
  opens_time: z.string(),
  closes_weekday: z.number(),
  closes_time: z.string(),
}) satisfies z.ZodType<WindowSettingsShape>
export type WindowSettings = z.infer<typeof WindowSettings>

export const PublicWeek = z.object({
  week: z.string(),
  published: z.boolean(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number(),
      closed: z.boolean(),
      closed_reason: z.string().nullable(),
      dishes: z.record(z.string(), z.object({ name: z.string(), tags: z.array(z.string()), allergens: z.array(z.string()) }).nullable()),
    }),
  ),
  changes: z.array(z.object({ at: z.string(), note: z.string() })),
  prices: z.object(PriceListInput.shape),
})
export type PublicWeek = z.infer<typeof PublicWeek>

/** The residents' page: this week and the next, the window, where to pick up. */
export const PublicMeals = z.object({
  today: z.string(),
  weeks: z.array(PublicWeek),
  window: SalesWindowView,
  pickup_points: z.array(PickupPoint.omit({ id: true, active: true })),
})
export type PublicMeals = z.infer<typeof PublicMeals>
