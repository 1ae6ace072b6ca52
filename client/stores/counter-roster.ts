// Roster, coverage, skills and measures for the counter: read from the API per ISO week, with the
// few writes the desk makes (training sessions, skill levels, template application).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Conflict, RosterSettings, Slot } from '#domain/counter/roster.ts'
import type { TrainingSuggestion } from '#domain/counter/coverage.ts'
import type { VisitStats } from '#domain/counter/visits.ts'
import { uuidv7 } from '#domain/ids.ts'
import { apiFetch } from '../api/http.ts'

export interface RosterShift extends Slot {
  id: string
  counter_id: string
  worker_id: string
  source: string
  original_worker_id: string | null
}

export interface RosterWeek {
  week: string
  settings: RosterSettings
  slots: Slot[]
  assignments: RosterShift[]
  leaves: { id: string; worker_id: string; start_date: string; end_date: string; half: string | null; reason: string }[]
  conflicts: Conflict[]
}

export interface CoverageWeek {
  week: string
  guides: { id: string; code: string; name: string }[]
  slots: (Slot & { on_duty: string[]; gaps_handle: string[]; gaps_answer: string[]; score_handle: number; score_answer: number })[]
  score_handle: number
  score_answer: number
  weights: Record<string, number>
  suggestions: TrainingSuggestion[]
}

export interface SkillMatrix {
  workers: { id: string; name: string; community_id: string }[]
  levels: { worker_id: string; guide_id: string; level: number }[]
}

export interface SkillChange {
  id: string
  worker_id: string
  guide_id: string
  from_level: number
  to_level: number
  at: string
  training_id: string | null
  note: string
}

export interface TrainingDraft {
  date: string
  trainer_id: string
  attendee_ids: string[]
  guide_ids: string[]
  target_level: 1 | 2
  notes: string
}

export const useCounterRosterStore = defineStore('counter-roster', () => {
  const roster = ref<RosterWeek | null>(null)
  const coverage = ref<CoverageWeek | null>(null)
  const matrix = ref<SkillMatrix | null>(null)
  const stats = ref<(VisitStats & { from: string; to: string }) | null>(null)
  const skillHistory = ref<SkillChange[]>([])
  const templates = ref<{ id: string; name: string; cycle_weeks: number }[]>([])

  async function loadWeek(week: string, communityId = '') {
    const c = communityId ? `&community_id=${communityId}` : ''
    const [r, cov, t] = await Promise.all([
      apiFetch<RosterWeek>(`/api/counter/roster?week=${week}`),
      apiFetch<CoverageWeek>(`/api/counter/coverage?week=${week}${c}`),
      apiFetch<{ id: string; name: string; cycle_weeks: number }[]>('/api/counter/templates'),
    ])
    roster.value = r
    coverage.value = cov
    templates.value = t
  }

  async function applyTemplate(id: string, week: string) {
    roster.value = await apiFetch<RosterWeek>(`/api/counter/templates/${id}/apply`, { json: { week } })
  }

  /** Shifts, leave and hand-overs: the server refuses overlaps; the week is reloaded to show conflicts. */
  async function addShift(s: { date: string; half: 'am' | 'pm'; counter_id: string; worker_id: string }) {
    await apiFetch('/api/counter/roster/assignments', { json: { id: uuidv7(), ...s } })
  }

  async function removeShift(id: string) {
    await apiFetch(`/api/counter/roster/assignments/${id}`, { method: 'DELETE' })
  }

  async function addLeave(l: { worker_id: string; start_date: string; end_date: string; half: 'am' | 'pm' | null; reason: string }) {
    await apiFetch('/api/counter/leaves', { json: { id: uuidv7(), ...l } })
  }

  async function handOver(assignment_id: string, to_worker_id: string) {
    await apiFetch('/api/counter/roster/swap', { json: { assignment_id, to_worker_id } })
  }

  async function saveSettings(s: RosterSettings) {
    await apiFetch('/api/counter/settings', { method: 'PUT', json: s })
  }

  async function loadSkillHistory() {
    skillHistory.value = await apiFetch<SkillChange[]>('/api/counter/skills/history')
  }

  async function loadMatrix() {
    matrix.value = await apiFetch<SkillMatrix>('/api/counter/skills')
  }

  async function setLevel(worker_id: string, guide_id: string, level: number) {
    await apiFetch('/api/counter/skills', { method: 'PUT', json: { worker_id, guide_id, level } })
    await loadMatrix()
    await loadSkillHistory()
  }

  async function recordTraining(d: TrainingDraft) {
    const res = await apiFetch<{ id: string; changes: unknown[] }>('/api/counter/trainings', { json: { id: uuidv7(), ...d } })
    await loadMatrix()
    return res
  }

  async function loadStats() {
    stats.value = await apiFetch<VisitStats & { from: string; to: string }>('/api/counter/visits/stats')
  }

  return {
    roster,
    coverage,
    matrix,
    stats,
    templates,
    skillHistory,
    saveSettings,
    loadSkillHistory,
    loadWeek,
    applyTemplate,
    addShift,
    removeShift,
    addLeave,
    handOver,
    loadMatrix,
    setLevel,
    recordTraining,
    loadStats,
  }
})
