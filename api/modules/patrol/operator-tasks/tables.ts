// Tables of operators in the loop as Kysely sees them: accounts tied to a party, tasks, webhooks and
// the webhook delivery queue. Photo lists are JSON text; instants ISO UTC text; booleans 0/1.

export interface PatrolOperatorAccountsTable {
  subdistrict_id: string
  user_id: string
  party_id: string
  created_at: string
}

export interface PatrolOperatorTasksTable {
  subdistrict_id: string
  id: string
  party_id: string
  operator_id: string
  report_id: string
  community_id: string
  hotspot_id: string | null
  /** The report or repeat sighting that opened (or last reopened) the task. */
  source_id: string
  vehicles: number
  /** open | cleared | confirmed */
  status: string
  opened_at: string
  agreement_id: string | null
  within_minutes: number | null
  window_start: string | null
  window_end: string | null
  due_at: string | null
  cleared_at: string | null
  cleared_by: string | null
  clear_photos: string
  clear_note: string
  confirmed_at: string | null
  /** The inspector's sighting that confirmed the clearing. */
  resolved_by: string | null
  reopened: number
  minutes_to_clear: number | null
  on_time: number | null
  updated_at: string
  version: number
}

export interface PatrolWebhooksTable {
  subdistrict_id: string
  party_id: string
  url: string
  /** Key of the HMAC-SHA256 signature; the server must sign with it, so it is kept as given. */
  secret: string
  updated_by: string
  updated_at: string
}

export interface PatrolWebhookDeliveriesTable {
  subdistrict_id: string
  id: string
  party_id: string
  url: string
  event: string
  task_id: string | null
  body: string
  /** pending | delivered | failed */
  status: string
  attempts: number
  next_at: string | null
  last_status: number | null
  last_error: string
  created_at: string
  delivered_at: string | null
}

export interface OperatorTables {
  patrol_operator_accounts: PatrolOperatorAccountsTable
  patrol_operator_tasks: PatrolOperatorTasksTable
  patrol_webhooks: PatrolWebhooksTable
  patrol_webhook_deliveries: PatrolWebhookDeliveriesTable
}
