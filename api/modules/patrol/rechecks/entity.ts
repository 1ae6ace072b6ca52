// The pull-only `recheck` sync entity: inspectors receive their own re-checks through the change log;
// nobody pushes them (the office creates them over REST).
import { z } from 'zod'
import { ProblemError } from '../../../http/problem.ts'
import type { Recheck } from '#domain/patrol/workflow.ts'
import { registerEntity, type EntityHandler } from '../../../sync/registry.ts'

const FROM_OFFICE = { 'zh-CN': '复查由协调员在办公室指派', en: 'Re-checks are assigned by the office' }

/** Pull-only entity: inspectors receive their own re-checks; nobody pushes them (the REST route creates them). */
export const recheckEntity: EntityHandler<unknown> = {
  entity: 'recheck',
  schema: z.unknown(),
  roles: [],
  readRoles: ['inspector', 'coordinator', 'admin'],
  apply() {
    throw new ProblemError(403, FROM_OFFICE)
  },
  visibleTo: (record, reader) => reader.role !== 'inspector' || (record as Recheck).assignee_id === reader.id,
}

registerEntity(recheckEntity)
