// Residents' consents (migration 0022): one row per consent given, kept after a withdrawal as the
// record of what was agreed and when.

export interface ResidentConsentsTable {
  subdistrict_id: string
  id: string
  /** 'meal_subscriber' (subject_id: the subscriber's id) or 'counter_resident' (subject_id: the keyed hash of the phone). */
  subject: string
  subject_id: string
  /** ConsentKind of api/domain/privacy.ts. */
  kind: string
  /** JSON list of the purposes it was given for. */
  purposes: string
  granted_at: string
  /** The staff user who explained it. */
  explained_by: string | null
  withdrawn_at: string | null
  withdrawn_by: string | null
}

export interface PrivacyTables {
  resident_consents: ResidentConsentsTable
}
