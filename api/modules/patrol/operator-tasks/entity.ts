// The `operator_clearing` sync entity: an operator's phone reports a task cleared, with photos uploaded
// first, offline like an inspector's report. Each clearing is its own record (entity_id); a resend of the
// same mutation answers the first result. The pushed result is the task as it now stands.
import { ClearingInput } from '#domain/patrol/operator-tasks.ts'
import { fieldProblem } from '../../../http/problem.ts'
import type { EntityHandler } from '../../../sync/registry.ts'
import { clearTask } from './service.ts'

export const clearingEntity: EntityHandler<ClearingInput> = {
  entity: 'operator_clearing',
  schema: ClearingInput,
  roles: ['operator'],
  // Nobody pulls clearings: the operator reads their tasks over REST, the office through the agreement.
  readRoles: [],
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    if (m.base_version !== null) throw fieldProblem('task_not_open', 'task_id', { status: 422 })
    const task = await clearTask(tx, user, m.data.task_id, m.data, now)
    return { record: task, version: 1, community_id: task.community_id }
  },
}
