// The retention settings (migration 0011): one row per subdistrict once an admin saves them; without a
// row the defaults of api/domain/retention.ts apply.

export interface RetentionSettingsTable {
  subdistrict_id: string
  meals_days: number
  counter_days: number
  updated_at: string
  updated_by: string | null
}

export interface RetentionTables {
  retention_settings: RetentionSettingsTable
}
