// The meals module's HTTP surface, mounted at /api/meals: catalogue and menus, then people, sales,
// pickups and reports. Each route names its roles; /public needs none and carries no personal data.
import { createRouter } from '../../http/router.ts'
import { registerEntity } from '../../sync/registry.ts'
import { saleEntity } from './sales/entity.ts'
import { pickupEntity } from './pickups/entity.ts'
import { dishesRouter } from './dishes/routes.ts'
import { menusRouter } from './menus/routes.ts'
import { settingsRouter } from './settings/routes.ts'
import { publicRouter } from './public/routes.ts'
import { subscribersRouter } from './subscribers/routes.ts'
import { salesRouter } from './sales/routes.ts'
import { pickupsRouter } from './pickups/routes.ts'
import { reportsRouter } from './reports/routes.ts'

// Importing the router (app.ts does) registers the offline entities with the sync engine.
registerEntity(saleEntity)
registerEntity(pickupEntity)

export const mealsRouter = createRouter()
  .route('/', dishesRouter)
  .route('/', menusRouter)
  .route('/', settingsRouter)
  .route('/', publicRouter)
  .route('/', subscribersRouter)
  .route('/', salesRouter)
  .route('/', pickupsRouter)
  .route('/', reportsRouter)
