// The meals module's HTTP surface, mounted at /api/meals: catalogue and menus, then people, sales,
// pickups and reports. Each route names its roles; /public needs none and carries no personal data.
import { createRouter } from '../../http/router.ts'
import { registerEntity } from '../../sync/registry.ts'
import { pickupEntity, saleEntity } from './entities.ts'
import { mealsCatalogRouter } from './routes-catalog.ts'
import { mealsSalesRouter } from './routes-sales.ts'

// Importing the router (app.ts does) registers the offline entities with the sync engine.
registerEntity(saleEntity)
registerEntity(pickupEntity)

export const mealsRouter = createRouter().route('/', mealsCatalogRouter).route('/', mealsSalesRouter)
