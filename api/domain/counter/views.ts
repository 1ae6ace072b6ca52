// What the counter's read routes answer about desks, the roster week, coverage, skills and the visit
// measures: the shapes the device parses each answer with.
import { z } from 'zod'
import { Half, type Conflict, type RosterSettings } from './roster.ts'
import type { TrainingSuggestion } from './coverage.ts'
import type { RateRow } from './visits.ts'
import { typedObject } from '../typed.ts'

/** A counter (desk) where residents are served. */
export const Desk = z.object({ id: z.string(), name: z.string(), community_id: z.string() })
export type Desk = z.infer<typeof Desk>

const Slot = z.object({ date: z.string(), half: Half })

export const RosterShift = Slot.extend({
  id: z.string(),
  counter_id: z.string(),
  worker_id: z.string(),
  source: z.string(),
  original_worker_id: z.string().nullable(),
})
export type RosterShift = z.infer<typeof RosterShift>

export const RosterWeek = z.object({
  week: z.string(),
  settings: typedObject<RosterSettings>(),
  slots: z.array(Slot),
  assignments: z.array(RosterShift),
  leaves: z.array(
    z.object({ id: z.string(), worker_id: z.string(), start_date: z.string(), end_date: z.string(), half: z.string().nullable(), reason: z.string() }),
  ),
  conflicts: z.array(typedObject<Conflict>()),
})
export type RosterWeek = z.infer<typeof RosterWeek>

export const CoverageWeek = z.object({
  week: z.string(),
  guides: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  slots: z.array(
    Slot.extend({
      on_duty: z.array(z.string()),
      gaps_handle: z.array(z.string()),
      gaps_answer: z.array(z.string()),
      score_handle: z.number(),
      score_answer: z.number(),
    }),
  ),
  score_handle: z.number(),
  score_answer: z.number(),
  weights: z.record(z.string(), z.number()),
  suggestions: z.array(typedObject<TrainingSuggestion>()),
})
export type CoverageWeek = z.infer<typeof CoverageWeek>

export const RosterTemplate = z.object({ id: z.string(), name: z.string(), cycle_weeks: z.number() })
export type RosterTemplate = z.infer<typeof RosterTemplate>

export const SkillMatrix = z.object({
  workers: z.array(z.object({ id: z.string(), name: z.string(), community_id: z.string() })),
  levels: z.array(z.object({ worker_id: z.string(), guide_id: z.string(), level: z.number() })),
})
export type SkillMatrix = z.infer<typeof SkillMatrix>

export const SkillChange = z.object({
  id: z.string(),
  worker_id: z.string(),
  guide_id: z.string(),
  from_level: z.number(),
  to_level: z.number(),
  at: z.string(),
  training_id: z.string().nullable(),
  note: z.string(),
})
export type SkillChange = z.infer<typeof SkillChange>

export const TrainingRecorded = z.object({ id: z.string(), changes: z.array(z.unknown()) })

const Rates = z.object({
  visits: z.number(),
  returns: z.number(),
  return_rate: z.number(),
  first_visit_resolution_rate: z.number(),
  avg_minutes: z.number().nullable(),
}) satisfies z.ZodType<RateRow>

/** The visit measures over a period: overall, per matter and per ISO week. */
export const VisitStatsRange = Rates.extend({
  per_matter: z.array(Rates.extend({ guide_id: z.string() })),
  per_week: z.array(Rates.extend({ week: z.string() })),
  from: z.string(),
  to: z.string(),
})
export type VisitStatsRange = z.infer<typeof VisitStatsRange>
