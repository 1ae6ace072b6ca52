// The modules this app is made of, in mount and seed order: the server, the tests, the CLI tools, the
// bench and the e2e server all compose this one list. A new module is one descriptor and one line here.
import type { ServerModule } from './module.ts'
import { patrolModule } from './patrol/index.ts'
import { mealsModule } from './meals/index.ts'
import { counterModule } from './counter/index.ts'
import { adminModule } from './admin/index.ts'
import { referenceLayersModule } from './reference-layers/index.ts'
import { hotlineModule } from './hotline/index.ts'
import { briefModule } from './brief/index.ts'

export const MODULES: readonly ServerModule[] = [patrolModule, mealsModule, counterModule, adminModule, referenceLayersModule, hotlineModule, briefModule]

export type { ServerModule, Mount, Seeder, RetentionHook } from './module.ts'
export { withModules } from './compose.ts'
