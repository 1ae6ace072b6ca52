// Cross-training (增能计划): each worker's level per matter, from "knows nothing" to "can train
// others". Training sessions only ever raise levels, and every change is kept as history.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { PlainDate, Category } from './guides.ts'

/** 0 none, 1 能解答 can answer, 2 能独立办理 can handle alone, 3 能带教 can train others. */
export const LEVELS = [0, 1, 2, 3] as const
export const Level = z.number().int({ error: 'counter_level_range' }).min(0, { error: 'counter_level_range' }).max(3, { error: 'counter_level_range' })
export type Level = 0 | 1 | 2 | 3

export const WorkerInput = z.strictObject({
  id: Id,
  name: text().trim().min(1, { error: 'required' }).max(40),
  community_id: Slug,
  /** The program the worker came from before cross-training (原岗位). */
  home_category: Category,
})
export type WorkerInput = z.infer<typeof WorkerInput>

export const Worker = z.object({
  id: Id,
  name: text(),
  community_id: text(),
  home_category: Category,
  user_id: text().nullable(),
  active: z.boolean(),
})
export type Worker = z.infer<typeof Worker>

export const SkillSet = z.strictObject({ worker_id: Id, guide_id: Id, level: Level, note: text().trim().max(200).default('') })
export type SkillSet = z.infer<typeof SkillSet>

export const TrainingInput = z.strictObject({
  id: Id,
  date: PlainDate,
  trainer_id: Id,
  attendee_ids: z.array(Id).min(1, { error: 'counter_attendees_required' }).max(50),
  guide_ids: z.array(Id).min(1, { error: 'counter_training_matters_required' }).max(30),
  /** The level attendees reach in each matter (never lowered). */
  target_level: z.union([z.literal(1), z.literal(2)]).default(1),
  notes: text().trim().max(500).default(''),
})
export type TrainingInput = z.infer<typeof TrainingInput>

export type LevelMap = Map<string, Map<string, number>>

export function levelOf(levels: LevelMap, workerId: string, guideId: string): number {
  return levels.get(workerId)?.get(guideId) ?? 0
}

export interface LevelChange {
  worker_id: string
  guide_id: string
  from_level: number
  to_level: number
}

/** The level changes a training brings: each attendee reaches the target in each matter, never lower. */
export function trainingChanges(levels: LevelMap, t: Pick<TrainingInput, 'attendee_ids' | 'guide_ids' | 'target_level' | 'trainer_id'>): LevelChange[] {
  const out: LevelChange[] = []
  for (const w of new Set(t.attendee_ids)) {
    if (w === t.trainer_id) continue
    for (const g of new Set(t.guide_ids)) {
      const from = levelOf(levels, w, g)
      if (t.target_level > from) out.push({ worker_id: w, guide_id: g, from_level: from, to_level: t.target_level })
    }
  }
  return out
}

/** Matters in which the trainer is not yet able to train others (level 3). */
export function trainerGaps(levels: LevelMap, trainerId: string, guideIds: readonly string[]): string[] {
  return guideIds.filter((g) => levelOf(levels, trainerId, g) < 3)
}
