// The meals module's HTTP surface, mounted at /api/meals: catalogue and menus, then people, sales,
// pickups and reports. Each route names its roles; /public needs none and carries no personal data.
import { createRouter } from '../../http/router.ts'
import { mealsCatalogRouter } from './routes-catalog.ts'
import { mealsSalesRouter } from './routes-sales.ts'

export const mealsRouter = createRouter().route('/', mealsCatalogRouter).route('/', mealsSalesRouter)
