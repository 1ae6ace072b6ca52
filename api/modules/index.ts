// The modules this app is made of, in mount and seed order: the server, the tests, the CLI tools, the
// bench and the e2e server all compose this one list. A new module is one descriptor and one line here.
import type { ServerModule } from './module.ts'
import { patrolModule } from './patrol/index.ts'
import { mealsModule } from './meals/index.ts'
import { counterModule } from './counter/index.ts'
import { adminModule } from './admin/index.ts'
import { referenceLayersModule } from './reference-layers/index.ts'

const modules = [patrolModule, mealsModule, counterModule, adminModule, referenceLayersModule] as const

export const MODULES: readonly ServerModule[] = modules
/** The same list with the route types of each module's routers (AppType is built from it). */
export type ModuleList = typeof modules

export type { ServerModule, Mount, Seeder, RetentionHook, RoutesOf } from './module.ts'
export { withModules } from './compose.ts'
