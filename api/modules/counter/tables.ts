// Tables of the counter module (窗口): guides with their history, workers and skills, the duty
// roster, and the visit log. subdistrict_id leads every key; JSON lists are stored as text.

/** Reads a JSON list column back (lists are stored as text). */
export const parseJson = <T>(text: string): T => JSON.parse(text) as T

export interface CounterGuidesTable {
  subdistrict_id: string
  id: string
  code: string
  name: string
  category: string
  applicants: string
  conditions: string
  /** JSON: [{name, form, copies, notes}] */
  materials: string
  /** JSON: string[] */
  steps: string
  statutory_days: number | null
  promised_days: number
  fee_fen: number
  fee_basis: string
  legal_basis: string
  location: string
  visits_needed: number
  online_url: string
  last_verified_on: string
  internal_notes: string
  published: number
  /** Pinyin initials of the name, computed when saved. */
  initials: string
  version: number
  created_at: string
  updated_at: string
  updated_by: string | null
}

export interface CounterGuideHistoryTable {
  subdistrict_id: string
  guide_id: string
  version: number
  changed_at: string
  changed_by: string | null
  change_note: string
  /** JSON: string[] */
  changed_fields: string
  /** JSON: the guide as saved in this version. */
  snapshot: string
}

export interface CounterWorkersTable {
  subdistrict_id: string
  id: string
  name: string
  community_id: string
  home_category: string
  user_id: string | null
  active: number
  created_at: string
}

export interface CounterSkillsTable {
  subdistrict_id: string
  worker_id: string
  guide_id: string
  level: number
  updated_at: string
}

export interface CounterSkillHistoryTable {
  subdistrict_id: string
  id: string
  worker_id: string
  guide_id: string
  from_level: number
  to_level: number
  at: string
  actor_id: string | null
  training_id: string | null
  note: string
}

export interface CounterTrainingsTable {
  subdistrict_id: string
  id: string
  date: string
  trainer_id: string
  /** JSON: string[] */
  attendee_ids: string
  /** JSON: string[] */
  guide_ids: string
  target_level: number
  notes: string
  created_at: string
  created_by: string | null
}

export interface CounterDesksTable {
  subdistrict_id: string
  id: string
  name: string
  community_id: string
}

export interface CounterSettingsTable {
  subdistrict_id: string
  /** JSON: RosterSettings */
  roster: string
  /** Random per-subdistrict key for the resident hash (HMAC), so a phone number cannot be looked up from the log alone. */
  resident_salt: string
}

export interface CounterTemplatesTable {
  subdistrict_id: string
  id: string
  name: string
  cycle_weeks: number
  anchor_week: string
  /** JSON: TemplateEntry[] */
  entries: string
  created_at: string
}

export interface CounterAssignmentsTable {
  subdistrict_id: string
  id: string
  date: string
  half: string
  counter_id: string
  worker_id: string
  /** 'manual' | 'template' | 'swap' */
  source: string
  template_id: string | null
  /** The worker who had this shift before a swap or hand-over. */
  original_worker_id: string | null
  note: string
  created_at: string
}

export interface CounterLeavesTable {
  subdistrict_id: string
  id: string
  worker_id: string
  start_date: string
  end_date: string
  half: string | null
  reason: string
  created_at: string
}

export interface CounterVisitsTable {
  subdistrict_id: string
  id: string
  at: string
  community_id: string
  counter_id: string | null
  worker_id: string
  /** HMAC of the phone digits with the subdistrict's salt; the number itself is never stored. */
  resident_key: string | null
  resident_masked: string | null
  outcome: string
  outcome_note: string
  previous_visit_id: string | null
  is_return: number
  duration_min: number | null
  created_at: string
  created_by: string | null
}

export interface CounterVisitMattersTable {
  subdistrict_id: string
  visit_id: string
  guide_id: string
}

export interface CounterTables {
  counter_guides: CounterGuidesTable
  counter_guide_history: CounterGuideHistoryTable
  counter_workers: CounterWorkersTable
  counter_skills: CounterSkillsTable
  counter_skill_history: CounterSkillHistoryTable
  counter_trainings: CounterTrainingsTable
  counter_desks: CounterDesksTable
  counter_settings: CounterSettingsTable
  counter_templates: CounterTemplatesTable
  counter_assignments: CounterAssignmentsTable
  counter_leaves: CounterLeavesTable
  counter_visits: CounterVisitsTable
  counter_visit_matters: CounterVisitMattersTable
}
