// The patrol module's one entry point: importing it registers the `report` and `observation` sync
// entities and hands app.ts the read router to mount at /api/patrol.
import { registerEntity } from '../../sync/registry.ts'
import { observationEntity, reportEntity } from './reports/entity.ts'

registerEntity(reportEntity)
registerEntity(observationEntity)

import { reportsRouter } from './reports/routes.ts'
import { operatorsRouter } from './operators/routes.ts'
import { createRouter } from '../../http/router.ts'

export const patrolRouter = createRouter().route('/', reportsRouter).route('/', operatorsRouter)
export { seedOperators, listOperators } from './operators/service.ts'
