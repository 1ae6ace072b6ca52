// Coverage answers "if a resident comes now, can someone at the desk handle their matter?":
// per slot the matters nobody on duty can handle (level ≥ 2) or even answer (≥ 1), weighted by
// how often residents ask, and which worker should learn which matter to close the most gaps.
import { z } from 'zod'
import { onDuty, slotKey, type Assignment, type Leave, type Slot } from './roster.ts'
import { levelOf, type LevelMap } from './skills.ts'

export interface CoverageInput {
  slots: readonly Slot[]
  assignments: readonly Assignment[]
  leaves: readonly Leave[]
  levels: LevelMap
  guide_ids: readonly string[]
  /** How often residents asked for each matter (visit log); unseen matters still weigh 1. */
  demand: ReadonlyMap<string, number>
}

export interface SlotCoverage extends Slot {
  on_duty: string[]
  /** Matters nobody on duty can handle alone, heaviest first. */
  gaps_handle: string[]
  /** Matters nobody on duty can even answer. */
  gaps_answer: string[]
  /** Demand-weighted share of matters someone on duty can handle (0–1). */
  score_handle: number
  score_answer: number
}

export interface Coverage {
  slots: SlotCoverage[]
  /** The week's score: average of the slot scores (a slot with nobody on duty counts 0). */
  score_handle: number
  score_answer: number
  weights: Record<string, number>
}

export const weightOf = (demand: ReadonlyMap<string, number>, g: string) => (demand.get(g) ?? 0) + 1

const round3 = (x: number) => Math.round(x * 1000) / 1000

function bestLevel(levels: LevelMap, workers: readonly string[], g: string): number {
  return workers.reduce((m, w) => Math.max(m, levelOf(levels, w, g)), 0)
}

export function computeCoverage(input: CoverageInput): Coverage {
  const total = input.guide_ids.reduce((s, g) => s + weightOf(input.demand, g), 0)
  const byWeight = [...input.guide_ids].sort((a, b) => weightOf(input.demand, b) - weightOf(input.demand, a) || a.localeCompare(b))
  const slots = input.slots.map((s): SlotCoverage => {
    const duty = onDuty(input.assignments, input.leaves, s)
    const gapsHandle = byWeight.filter((g) => bestLevel(input.levels, duty, g) < 2)
    const gapsAnswer = byWeight.filter((g) => bestLevel(input.levels, duty, g) < 1)
    const missing = (gaps: string[]) => gaps.reduce((x, g) => x + weightOf(input.demand, g), 0)
    return {
      ...s,
      on_duty: duty,
      gaps_handle: gapsHandle,
      gaps_answer: gapsAnswer,
      score_handle: total ? round3(1 - missing(gapsHandle) / total) : 1,
      score_answer: total ? round3(1 - missing(gapsAnswer) / total) : 1,
    }
  })
  const avg = (f: (s: SlotCoverage) => number) => (slots.length ? round3(slots.reduce((x, s) => x + f(s), 0) / slots.length) : 0)
  return {
    slots,
    score_handle: avg((s) => s.score_handle),
    score_answer: avg((s) => s.score_answer),
    weights: Object.fromEntries(input.guide_ids.map((g) => [g, weightOf(input.demand, g)])),
  }
}

export const TrainingSuggestion = z.object({
  worker_id: z.string(),
  guide_id: z.string(),
  current_level: z.number(),
  /** Slots in which this worker is on duty and nobody else can handle the matter. */
  slots_closed: z.array(z.string()),
  /** Demand weight of the gaps closed, summed over those slots. */
  gain: z.number(),
  /** Someone who can train others in this matter, if anyone can. */
  trainer_id: z.string().nullable(),
})
export type TrainingSuggestion = z.infer<typeof TrainingSuggestion>

/**
 * Greedy: repeatedly pick the (worker, matter) whose reaching level 2 closes the most weighted
 * gap-slots, assume it learned, and look again — so two suggestions never close the same gap.
 */
export function suggestTraining(input: CoverageInput, limit = 5): TrainingSuggestion[] {
  const levels: LevelMap = new Map([...input.levels].map(([w, m]) => [w, new Map(m)]))
  const duty = new Map(input.slots.map((s) => [slotKey(s), onDuty(input.assignments, input.leaves, s)]))
  const workers = [...new Set([...duty.values()].flat())].sort()
  const out: TrainingSuggestion[] = []
  while (out.length < limit) {
    let best: TrainingSuggestion | undefined
    for (const w of workers) {
      for (const g of input.guide_ids) {
        const current = levelOf(levels, w, g)
        if (current >= 2) continue
        const closed = input.slots.filter((s) => {
          const d = duty.get(slotKey(s)) ?? []
          return d.includes(w) && bestLevel(levels, d, g) < 2
        })
        if (!closed.length) continue
        const gain = closed.length * weightOf(input.demand, g)
        // Ties go to the worker closer to the goal (already able to answer), then by id for stability.
        if (!best || gain > best.gain || (gain === best.gain && current > best.current_level)) {
          best = { worker_id: w, guide_id: g, current_level: current, slots_closed: closed.map(slotKey), gain, trainer_id: null }
        }
      }
    }
    if (!best) break
    const g = best.guide_id
    best.trainer_id = [...levels].find(([, m]) => (m.get(g) ?? 0) >= 3)?.[0] ?? null
    out.push(best)
    const m = levels.get(best.worker_id) ?? new Map<string, number>()
    m.set(g, 2)
    levels.set(best.worker_id, m)
  }
  return out
}
