// Roster, coverage, skills and measures for the counter: read from the API per ISO week, with the
// few writes the desk makes (training sessions, skill levels, template application).
import { defineStore } from 'pinia'
import { z } from 'zod'
import { ref } from 'vue'
import type { RosterSettings } from '#domain/counter/roster.ts'
import { CoverageWeek, RosterTemplate, RosterWeek, SkillChange, SkillMatrix, TrainingRecorded, VisitStatsRange } from '#domain/counter/views.ts'
import { apiFetch } from '../api/http.ts'

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
  const stats = ref<VisitStatsRange | null>(null)
  const skillHistory = ref<SkillChange[]>([])
  const templates = ref<RosterTemplate[]>([])

  async function loadWeek(week: string, communityId = '') {
    const c = communityId ? `&community_id=${communityId}` : ''
    const [r, cov, t] = await Promise.all([
      apiFetch(`/api/counter/roster?week=${week}`, { schema: RosterWeek }),
      apiFetch(`/api/counter/coverage?week=${week}${c}`, { schema: CoverageWeek }),
      apiFetch('/api/counter/templates', { schema: z.array(RosterTemplate) }),
    ])
    roster.value = r
    coverage.value = cov
    templates.value = t
  }

  async function applyTemplate(id: string, week: string) {
    roster.value = await apiFetch(`/api/counter/templates/${id}/apply`, { schema: RosterWeek, json: { week } })
  }

  /** Shifts, leave and hand-overs: the server refuses overlaps; the week is reloaded to show conflicts. */
  /** Creates carry the id their form made once per fill: a resend answers with the same record. */
  async function addShift(s: { id: string; date: string; half: 'am' | 'pm'; counter_id: string; worker_id: string }) {
    await apiFetch('/api/counter/roster/assignments', { json: s })
  }

  async function removeShift(id: string) {
    await apiFetch(`/api/counter/roster/assignments/${id}`, { method: 'DELETE' })
  }

  async function addLeave(l: { id: string; worker_id: string; start_date: string; end_date: string; half: 'am' | 'pm' | null; reason: string }) {
    await apiFetch('/api/counter/leaves', { json: l })
  }

  async function handOver(assignment_id: string, to_worker_id: string) {
    await apiFetch('/api/counter/roster/swap', { json: { assignment_id, to_worker_id } })
  }

  async function saveSettings(s: RosterSettings) {
    await apiFetch('/api/counter/settings', { method: 'PUT', json: s })
  }

  async function loadSkillHistory() {
    skillHistory.value = await apiFetch('/api/counter/skills/history', { schema: z.array(SkillChange) })
  }

  async function loadMatrix() {
    matrix.value = await apiFetch('/api/counter/skills', { schema: SkillMatrix })
  }

  async function setLevel(worker_id: string, guide_id: string, level: number) {
    await apiFetch('/api/counter/skills', { method: 'PUT', json: { worker_id, guide_id, level } })
    await loadMatrix()
    await loadSkillHistory()
  }

  async function recordTraining(d: TrainingDraft & { id: string }) {
    const res = await apiFetch('/api/counter/trainings', { schema: TrainingRecorded, json: d })
    await loadMatrix()
    return res
  }

  /** The measures over a range of instants (the server's default: the last eight weeks). */
  async function loadStats(range: { from?: string; to?: string } = {}) {
    const q = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => !!e[1]))
    stats.value = await apiFetch(`/api/counter/visits/stats${q.size ? `?${q}` : ''}`, { schema: VisitStatsRange })
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
