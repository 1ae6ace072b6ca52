// What the counter's read routes answer about desks, the roster week, coverage, skills and the visit
// measures: the shapes the device parses each answer with.
import { z } from 'zod'
import { Conflict, Half, RosterSettings, TemplateEntry } from './roster.ts'
import { TrainingSuggestion } from './coverage.ts'
import type { RateRow } from './visits.ts'

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
  note: z.string(),
  template_id: z.string().nullable(),
})
export type RosterShift = z.infer<typeof RosterShift>

/** A worker's leave: whole days, or one half of a single day. */
export const RosterLeave = z.object({
  id: z.string(),
  worker_id: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  half: Half.nullable(),
  reason: z.string(),
})
export type RosterLeave = z.infer<typeof RosterLeave>

export const RosterWeek = z.object({
  week: z.string(),
  settings: RosterSettings,
  slots: z.array(Slot),
  assignments: z.array(RosterShift),
  leaves: z.array(RosterLeave),
  conflicts: z.array(Conflict),
})
export type RosterWeek = z.infer<typeof RosterWeek>

export const CoverageWeek = z.object({
  week: z.string(),
  /** The community the week was narrowed to, or null for the whole subdistrict. */
  community_id: z.string().nullable(),
  /** Demand weighs the visits since this instant (eight weeks before the week). */
  demand_from: z.string(),
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
  suggestions: z.array(TrainingSuggestion),
})
export type CoverageWeek = z.infer<typeof CoverageWeek>

/** A rotating template (A/B weeks): its shifts by week of the cycle, weekday and half. */
export const RosterTemplate = z.object({
  id: z.string(),
  name: z.string(),
  cycle_weeks: z.number(),
  anchor_week: z.string(),
  entries: z.array(z.object(TemplateEntry.shape)),
})
export type RosterTemplate = z.infer<typeof RosterTemplate>

export const SkillMatrix = z.object({
  workers: z.array(z.object({ id: z.string(), name: z.string(), community_id: z.string() })),
  levels: z.array(z.object({ worker_id: z.string(), guide_id: z.string(), level: z.number() })),
})
export type SkillMatrix = z.infer<typeof SkillMatrix>

/** A level raised or lowered, by hand or by a training session. */
export const LevelChange = z.object({ worker_id: z.string(), guide_id: z.string(), from_level: z.number(), to_level: z.number() })

export const SkillChange = LevelChange.extend({
  id: z.string(),
  at: z.string(),
  training_id: z.string().nullable(),
  note: z.string(),
})
export type SkillChange = z.infer<typeof SkillChange>

/** A training session as recorded, with the levels it raised. */
export const TrainingRecorded = z.object({ id: z.string(), changes: z.array(LevelChange) })

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
