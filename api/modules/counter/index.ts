// The counter module (窗口): service guides (with the residents' public pages), cross-training skills,
// the duty roster and its coverage, and the visit log (offline too).
import type { ServerModule } from '../module.ts'
import { COUNTER_MESSAGES } from '#domain/messages.ts'
import { guidesRouter } from './guides/index.ts'
import { skillsRouter } from './skills/index.ts'
import { rosterRouter, shiftEnd } from './roster/index.ts'
import { coverageRouter } from './coverage/index.ts'
import { visitEntity, visitsRetention, visitsRouter } from './visits/index.ts'
import { seedCounter } from './seed.ts'
import { leaveReasonsRetention } from './roster/retention.ts'

export const counterModule: ServerModule = {
  name: 'counter',
  routes: [guidesRouter, skillsRouter, rosterRouter, coverageRouter, visitsRouter].map((router) => ({ path: '/api/counter', router })),
  entities: [visitEntity],
  messages: COUNTER_MESSAGES,
  seed: { demo: [seedCounter] },
  retention: [visitsRetention, leaveReasonsRetention],
  sessionEnd: shiftEnd,
}
