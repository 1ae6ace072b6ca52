// audit(): one row per change, written by the service inside the same transaction as the change, so a
// change and its record commit together. Secrets never enter the log; personal identifiers are masked.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'

export interface AuditEntry {
  /** Who did it; null for the system (seed, CLI, scheduled work). */
  actor: { id: string | null; subdistrict_id: string }
  action: string
  entity: string
  entity_id: string
  before?: unknown
  after?: unknown
  at: Date
}

/** Keys whose values never enter the log at all. */
const SECRET = /pass(word)?|hash|secret|token|totp|recovery|api_key|cookie/i
/** Keys whose values are personal: the log notes that they changed, not what they are. */
const PERSONAL = /phone|id_number|birth|address_detail|contact/i

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (SECRET.test(k)) continue
    out[k] = PERSONAL.test(k) && v !== null && v !== '' ? mask(v) : redact(v, depth + 1)
  }
  return out
}

function mask(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length <= 4 ? '***' : `${s.slice(0, 1)}***${s.slice(-2)}`
}

const snapshot = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(redact(v)))

export async function audit(tx: Kysely<DB>, e: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      subdistrict_id: e.actor.subdistrict_id,
      id: uuidv7(e.at.getTime()),
      at: e.at.toISOString(),
      actor_id: e.actor.id,
      action: e.action,
      entity: e.entity,
      entity_id: e.entity_id,
      detail: null,
      before_json: snapshot(e.before),
      after_json: snapshot(e.after),
    })
    .execute()
}
