// The counter module's HTTP surface, mounted at /api/counter: guides (with the public pages'
// API), people and skills, roster and coverage, and the visit log.
import { createRouter } from '../../http/router.ts'
import { guidesRouter } from './guides/routes.ts'
import { skillsRouter } from './skills/routes.ts'
import { rosterRouter } from './roster/routes.ts'
import { coverageRouter } from './coverage/routes.ts'
import { visitsRouter } from './visits/routes.ts'
import { registerEntity } from '../../sync/registry.ts'
import { visitEntity } from './visits/entity.ts'

registerEntity(visitEntity)

export const counterRouter = createRouter()
  .route('/', guidesRouter)
  .route('/', skillsRouter)
  .route('/', rosterRouter)
  .route('/', coverageRouter)
  .route('/', visitsRouter)
