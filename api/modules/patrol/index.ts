// The patrol module's one entry point: importing it registers the `report` and `observation` sync
// entities and hands app.ts the read router to mount at /api/patrol.
import { registerEntity } from '../../sync/registry.ts'
import { observationEntity, reportEntity } from './entities.ts'

registerEntity(reportEntity)
registerEntity(observationEntity)

export { patrolRouter } from './routes.ts'
export { seedOperators, listOperators } from './operators.ts'
