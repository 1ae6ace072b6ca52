// The visit log as a sync entity: a visit logged at a desk without network waits in the device's
// outbox and is applied here through the same service as the REST route (same checks, same linking).
import type { EntityHandler } from '../../../sync/registry.ts'
import { refused } from '../../../http/problem.ts'
import { VisitData } from '#domain/counter/visits.ts'
import { createVisit } from './service.ts'
import { MANAGE, READ } from '../roles.ts'

export const VISIT_ENTITY = 'counter_visit'

export const visitEntity: EntityHandler<VisitData> = {
  entity: VISIT_ENTITY,
  schema: VisitData,
  roles: MANAGE,
  readRoles: READ,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw refused(422, 'counter_visit_no_delete')
    // Visits are append-only: a second put of the same visit returns the saved one.
    const { visit } = await createVisit({ db: tx, now, user, lang: 'zh-CN' }, { ...m.data, id: m.entity_id }, true)
    return { record: visit, version: 1, community_id: visit.community_id }
  },
}
