// The counter module's HTTP surface, mounted at /api/counter: guides (with the public pages'
// API), people and skills, roster and coverage, and the visit log.
import { createRouter } from '../../http/router.ts'
import { guidesRouter } from './routes-guides.ts'
import { peopleRouter } from './routes-people.ts'
import { rosterRouter } from './routes-roster.ts'
import { visitsRouter } from './routes-visits.ts'
import { registerEntity } from '../../sync/registry.ts'
import { visitEntity } from './entities.ts'

registerEntity(visitEntity)

export const counterRouter = createRouter().route('/', guidesRouter).route('/', peopleRouter).route('/', rosterRouter).route('/', visitsRouter)
