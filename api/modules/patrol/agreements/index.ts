// Issue 5's one entry point: importing it registers the `agreement` and `compliance_check` sync
// entities and hands app.ts the routers (parties, agreements, zones under /api/patrol; GBFS at /gbfs/v3).
import { registerEntity } from '../../../sync/registry.ts'
import { agreementEntity } from './entity.ts'
import { complianceEntity } from '../compliance/entity.ts'
import '#domain/patrol/parties.ts'
import '#domain/patrol/zones.ts'
import '#domain/patrol/compliance.ts'
import '#domain/geo-polygon.ts'

registerEntity(agreementEntity)
registerEntity(complianceEntity)

export { agreementsRouter } from './routes.ts'
export { partiesRouter } from '../parties/routes.ts'
export { zonesRouter } from '../zones/routes.ts'
export { gbfsRouter } from '../gbfs/routes.ts'
