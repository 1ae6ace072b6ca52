// How the admin audit page shows a before/after snapshot: one "field: value" line per key, so an admin
// reads a change instead of raw JSON, with the fields that differ from the other side marked. Field
// names become labels, amounts in fen become yuan, and ids the server found names for become names.

export interface AuditLine {
  /** The field's label; '' when the snapshot is not an object (a list, a single value). */
  key: string
  text: string
  /** True when the other side of the change has this field with another value. */
  changed: boolean
}

/** How the page words things: all optional, so the lines stay readable without them. */
export interface AuditWords {
  /** A field's label ('set_fen' → '套餐价'); the key itself when unknown. */
  label?: (key: string) => string
  /** Integer fen as money ('¥38.00'). */
  money?: (fen: number) => string
  /** The names of ids the server resolved. */
  names?: Readonly<Record<string, string>>
  /** true / false in words. */
  yesNo?: (v: boolean) => string
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** One value in words: nothing as a dash, fen as money, a known id as its name, lists and objects inline. */
function describe(v: unknown, key: string, w: AuditWords): string {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'number') return key.endsWith('_fen') && w.money && Number.isInteger(v) ? w.money(v) : String(v)
  if (typeof v === 'boolean') return w.yesNo ? w.yesNo(v) : String(v)
  if (typeof v === 'string') return w.names?.[v] ?? v
  if (Array.isArray(v)) {
    if (!w.label) return JSON.stringify(v)
    return v.length ? v.map((x) => describe(x, key, w)).join(isRecord(v[0]) ? '；' : '、') : '—'
  }
  if (!w.label) return JSON.stringify(v)
  // A reference kept with its name ({id, name, …}: a dish in a saved menu) reads as the name.
  if (typeof (v as { id?: unknown }).id === 'string' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${keyText(k, w)} ${describe(x, k, w)}`)
    .join('，')
}

const keyText = (k: string, w: AuditWords) => w.names?.[k] ?? w.label?.(k) ?? k

/** The lines of one snapshot compared with the other side; null when there is nothing (a create's before). */
export function auditLines(value: unknown, other: unknown, words: AuditWords = {}): AuditLine[] | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value) && words.label) {
    // A list of records (a week's menu days): one line each, compared with the same place on the other side.
    return value.map((v, i) => ({
      key: '',
      text: describe(v, '', words),
      changed: Array.isArray(other) && JSON.stringify(other[i]) !== JSON.stringify(v),
    }))
  }
  if (!isRecord(value)) return [{ key: '', text: describe(value, '', words), changed: false }]
  return Object.entries(value).map(([key, v]) => ({
    key: keyText(key, words),
    text: describe(v, key, words),
    changed: isRecord(other) && JSON.stringify(other[key]) !== JSON.stringify(v),
  }))
}
