// How the admin audit page shows a before/after snapshot: one "field: value" line per key, so an admin
// reads a change instead of raw JSON, with the fields that differ from the other side marked.

export interface AuditLine {
  /** The field name; '' when the snapshot is not an object (a list, a single value). */
  key: string
  text: string
  /** True when the other side of the change has this field with another value. */
  changed: boolean
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** Nothing (null or an empty text) shows as a dash; a list or an object inline as JSON. */
const text = (v: unknown) => (v === null || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v))

/** The lines of one snapshot compared with the other side; null when there is nothing (a create's before). */
export function auditLines(value: unknown, other: unknown): AuditLine[] | null {
  if (value === null || value === undefined) return null
  if (!isRecord(value)) return [{ key: '', text: text(value), changed: false }]
  return Object.entries(value).map(([key, v]) => ({
    key,
    text: text(v),
    changed: isRecord(other) && JSON.stringify(other[key]) !== JSON.stringify(v),
  }))
}
