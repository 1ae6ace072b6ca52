// The audit log as the admin sees it: who changed what and when, with redacted before/after snapshots.
// Shared by the API (validation, OpenAPI) and the admin page.
import { z } from 'zod'
import { text } from './text.ts'
import { Id } from './ids.ts'

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
  id: text(),
  at: text(),
  actor_id: text().nullable(),
  actor_name: text().nullable(),
  action: text(),
  entity: text(),
  entity_id: text(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
})
export type AuditRow = z.infer<typeof AuditRow>

export const AuditPage = z.object({ items: z.array(AuditRow), next: text().nullable() })
export type AuditPage = z.infer<typeof AuditPage>
