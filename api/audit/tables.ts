// The audit log's snapshot columns (migration 0009), added to the core audit_log table.
import type { AuditLogTable } from '../db/tables-core.ts'

export interface AuditTables {
  audit_log: AuditLogTable & { before_json: string | null; after_json: string | null }
}
