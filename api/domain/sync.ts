// The sync contract between a device and the API: push a batch of mutations, each with its
// own UUID so a replay is harmless, and pull a monotonic change log with an opaque cursor.
import { z } from 'zod'
import { text } from './text.ts'
import { Id } from './ids.ts'
import { JsonRecord } from './json.ts'
import { FieldErrorSchema } from './problem.ts'
import type { FieldError } from './messages.ts'

export const MAX_PUSH_BATCH = 200
export const MAX_PULL_LIMIT = 1000
export const DEFAULT_PULL_LIMIT = 200

export const SyncOp = z.enum(['put', 'delete'])
export type SyncOp = z.infer<typeof SyncOp>

export const Mutation = z.strictObject({
  /** The mutation's own UUID: the idempotency key. A resend after a fix or a conflict uses a NEW id. */
  id: Id,
  entity: text().min(1, { error: 'sync_entity' }).max(40, { error: 'sync_entity' }),
  entity_id: Id,
  op: SyncOp,
  /** The record version this edit was based on; null creates the record. */
  base_version: z.int().min(0).nullable(),
  data: z.record(text(), z.unknown()),
  client_time: z.iso.datetime({ offset: true, error: 'sync_time' }),
})
export type Mutation = z.infer<typeof Mutation>

export const PushRequest = z.strictObject({
  device_id: text().min(1, { error: 'sync_device' }).max(64, { error: 'sync_device' }),
  mutations: z.array(Mutation).min(1, { error: 'sync_batch_size' }).max(MAX_PUSH_BATCH, { error: 'sync_batch_size' }),
})
export type PushRequest = z.infer<typeof PushRequest>

export const MutationStatus = z.enum(['applied', 'conflict', 'rejected'])
export type MutationStatus = z.infer<typeof MutationStatus>

export { FieldErrorSchema }

export const MutationResult = z.object({
  id: Id,
  status: MutationStatus,
  /** applied: the new version; conflict: the server's current version. */
  version: z.int().optional(),
  /** applied: the stored record; conflict: the server's record (the client keeps its own as a conflict). */
  record: JsonRecord.optional(),
  errors: z.array(FieldErrorSchema).optional(),
  /** rejected / conflict: a human reason in the language of the first push. */
  reason: text().optional(),
})
export type MutationResult = z.infer<typeof MutationResult> & { errors?: FieldError[] }

export const PushResponse = z.object({ results: z.array(MutationResult), server_time: text() })
export type PushResponse = z.infer<typeof PushResponse>

export const Change = z.object({
  seq: z.int(),
  entity: text(),
  entity_id: Id,
  op: SyncOp,
  version: z.int(),
  /** The record after the change; null for a delete. */
  record: JsonRecord.nullable(),
})
export type Change = z.infer<typeof Change>

export const PullQuery = z.object({
  since: text()
    .regex(/^\d{1,15}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
})

export const PullResponse = z.object({
  changes: z.array(Change),
  /** Opaque: pass it back as `since`. */
  cursor: text(),
  /** More changes wait after this page. */
  more: z.boolean(),
})
export type PullResponse = z.infer<typeof PullResponse>

/** Hex SHA-256: how media are named everywhere. */
export const MediaHash = text().regex(/^[0-9a-f]{64}$/, { error: 'invalid_id' })

/** What POST /api/media/batch answers for one photo. */
export const MediaBatchResult = z.object({
  sha256: text(),
  /** 201 stored now, 200 already stored, 400/413/415 refused (nothing stored for it). */
  status: z.number().int(),
  code: text().optional(),
  detail: text().optional(),
})
/** One result per photo, in the order sent. */
export const MediaBatchAnswer = z.object({ results: z.array(MediaBatchResult) })
export type MediaBatchAnswer = z.infer<typeof MediaBatchAnswer>
export { MEDIA_BATCH_MAX_BYTES, MEDIA_BATCH_MAX_FILES, MEDIA_MAX_BYTES, MEDIA_TYPES } from './media.ts'
