// How patrol's services and sync handlers refuse input (a problem naming each field by its message key,
// the detail being the first field's message), and JSON text columns read back without failing a list.
import { fieldsProblem, type FieldKey } from '../../http/problem.ts'

export type { FieldKey }

/** Throws a problem naming each field with its message key; nothing is written (callers throw first). */
export function reject(status: number, fields: FieldKey[]): never {
  const first = fields[0] ?? { path: '', key: 'required' }
  throw fieldsProblem(fields, { status, detail: first.key, params: first.params })
}

/** JSON text columns → values, tolerating a damaged row rather than failing a whole list. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
