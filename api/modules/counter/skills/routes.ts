// Routes of cross-training: workers, the worker × matter skills matrix with its history, and the
// training sessions that raise levels.
import { createRoute, z } from '@hono/zod-openapi'
import { SkillSet, TrainingInput, Worker, WorkerInput } from '#domain/counter/skills.ts'
import { LevelChange, SkillChange, TrainingRecorded } from '#domain/counter/views.ts'
import { Id } from '#domain/ids.ts'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { requireRole } from '../../../auth/middleware.ts'
import { createWorker, listTrainings, listWorkers, recordTraining, setSkill, skillHistory, skillMatrix } from './service.ts'
import { ctxOf } from '../context.ts'
import { MANAGE, READ } from '../roles.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['counter']

const LevelRow = z.object({ worker_id: z.string(), guide_id: z.string(), level: z.number(), updated_at: z.string() })
const Training = z.object({
  id: z.string(),
  date: z.string(),
  trainer_id: z.string(),
  attendee_ids: z.array(z.string()),
  guide_ids: z.array(z.string()),
  target_level: z.number(),
  notes: z.string(),
})

const workers = createRoute({
  method: 'get',
  path: '/workers',
  tags,
  middleware: [requireRole(...READ)] as const,
  responses: { 200: { description: 'Duty workers', ...json(z.array(Worker)) }, ...problemResponses },
})
const addWorker = createRoute({
  method: 'post',
  path: '/workers',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(WorkerInput), required: true } },
  responses: { 201: { description: 'Created', ...json(Worker) }, ...problemResponses, ...idReused },
})
const matrix = createRoute({
  method: 'get',
  path: '/skills',
  tags,
  middleware: [requireRole(...READ)] as const,
  responses: {
    200: { description: 'Workers and their levels (missing = 0)', ...json(z.object({ workers: z.array(Worker), levels: z.array(LevelRow) })) },
    ...problemResponses,
  },
})
const put = createRoute({
  method: 'put',
  path: '/skills',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(SkillSet), required: true } },
  responses: { 200: { description: 'The change, or null when unchanged', ...json(LevelChange.nullable()) }, ...problemResponses },
})
const history = createRoute({
  method: 'get',
  path: '/skills/history',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { query: z.object({ worker_id: Id.optional() }) },
  responses: { 200: { description: 'Level changes, newest first', ...json(z.array(SkillChange)) }, ...problemResponses },
})
const trainings = createRoute({
  method: 'get',
  path: '/trainings',
  tags,
  middleware: [requireRole(...READ)] as const,
  responses: { 200: { description: 'Training sessions', ...json(z.array(Training)) }, ...problemResponses },
})
const train = createRoute({
  method: 'post',
  path: '/trainings',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(TrainingInput), required: true } },
  responses: {
    201: { description: 'Recorded, with the levels it raised', ...json(TrainingRecorded) },
    ...problemResponses,
    ...idReused,
  },
})

export const skillsRouter = createRouter()
  .openapi(workers, async (c) => c.json(await listWorkers(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(addWorker, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => createWorker({ ...ctxOf(c), db: tx }, input)), 201)
  })
  .openapi(matrix, async (c) => c.json(await skillMatrix(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(put, async (c) => c.json(await setSkill(ctxOf(c), c.req.valid('json')), 200))
  .openapi(history, async (c) => c.json(await skillHistory(c.var.deps.db, ctxOf(c).user.subdistrict_id, c.req.valid('query').worker_id), 200))
  .openapi(trainings, async (c) => c.json(await listTrainings(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(train, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => recordTraining({ ...ctxOf(c), db: tx }, input)), 201)
  })
