// What the meals read routes answer that has no schema beside its rules (the sales window is
// SalesWindowView in window.ts): the window settings, the weekly reconciliation and the residents' public page.
import { z } from 'zod'
import { typedObject } from '../typed.ts'
import { SalesWindowView, type WindowSettings as WindowSettingsShape } from './window.ts'
import type { Reconciliation as ReconciliationShape } from './sales.ts'
import type { PriceList } from './pricing.ts'
import type { PickupPoint } from './catalog.ts'

export const WindowSettings = typedObject<WindowSettingsShape>()
export const Reconciliation = typedObject<ReconciliationShape>()

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
  prices: typedObject<PriceList>(),
})
export type PublicWeek = z.infer<typeof PublicWeek>

/** The residents' page: this week and the next, the window, where to pick up. */
export const PublicMeals = z.object({
  today: z.string(),
  weeks: z.array(PublicWeek),
  window: SalesWindowView,
  pickup_points: z.array(typedObject<Omit<PickupPoint, 'id' | 'active'>>()),
})
export type PublicMeals = z.infer<typeof PublicMeals>
