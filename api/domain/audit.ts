// The audit log as the admin sees it: who changed what and when, with redacted before/after snapshots.
// Shared by the API (validation, OpenAPI) and the admin page.
import { z } from 'zod'
import { text } from './text.ts'
import { Id } from './ids.ts'
import { JsonValue } from './json.ts'

export const AuditEntity = text().regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'invalid_entity' })

export const AuditQuery = z.object({
  entity: AuditEntity.optional(),
  entity_id: text().min(1).max(80).optional(),
  /** Keyset cursor: entries older than this id. */
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditRow = z.object({
  id: z.string(),
  at: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  /** Redacted snapshots of the record before and after the change (secrets left out, personal values masked). */
  before: JsonValue.nullable(),
  after: JsonValue.nullable(),
})
export type AuditRow = z.infer<typeof AuditRow>

export const AuditPage = z.object({
  items: z.array(AuditRow),
  next: text().nullable(),
  /** Names of the records the page's entries mention (id → name): dishes, accounts, workers, desks, places. */
  names: z.record(z.string(), z.string()),
})
export type AuditPage = z.infer<typeof AuditPage>
