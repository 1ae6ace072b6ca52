// The pull-only `recheck` sync entity: inspectors receive their own re-checks through the change log;
// nobody pushes them (the office creates them over REST).
import { z } from 'zod'
import { forbidden } from '../../../http/problem.ts'
import type { Recheck } from '#domain/patrol/workflow.ts'
import type { EntityHandler } from '../../../sync/registry.ts'

/** Pull-only entity: inspectors receive their own re-checks; nobody pushes them (the REST route creates them). */
export const recheckEntity: EntityHandler<unknown> = {
  entity: 'recheck',
  schema: z.unknown(),
  roles: [],
  readRoles: ['inspector', 'coordinator', 'admin'],
  apply() {
    throw forbidden('recheck_from_office')
  },
  visibleTo: (record, reader) => reader.role !== 'inspector' || (record as Recheck).assignee_id === reader.id,
}
