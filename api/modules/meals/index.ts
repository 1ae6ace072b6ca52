// The meals module: the elderly lunch program — dishes and weekly menus, subscribers, ticket sales in
// the weekly window (offline too), pickup check-off, the kitchen sheet and reconciliation.
import type { ServerModule } from '../module.ts'
import { MEALS_MESSAGES } from '#domain/messages.ts'
import { dishesRouter } from './dishes/index.ts'
import { menusRouter } from './menus/index.ts'
import { settingsRouter } from './settings/index.ts'
import { publicRouter } from './public/index.ts'
import { subscribersRetention, subscribersRouter } from './subscribers/index.ts'
import { saleNotesRetention } from './sales/retention.ts'
import { saleEntity, salesRouter } from './sales/index.ts'
import { pickupEntity, pickupsRouter } from './pickups/index.ts'
import { reportsRouter } from './reports/index.ts'
import { seedMeals } from './seed.ts'

export const mealsModule: ServerModule = {
  name: 'meals',
  routes: [dishesRouter, menusRouter, settingsRouter, publicRouter, subscribersRouter, salesRouter, pickupsRouter, reportsRouter].map((router) => ({
    path: '/api/meals',
    router,
  })),
  entities: [saleEntity, pickupEntity],
  messages: MEALS_MESSAGES,
  seed: { demo: [seedMeals] },
  retention: [subscribersRetention, saleNotesRetention],
}
