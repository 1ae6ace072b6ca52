// What patrol's row mappers share: JSON text columns read back without failing a whole list.
// (Refusals are the HTTP core's fieldProblem/fieldsProblem, on message keys.)

/** JSON text columns → values, tolerating a damaged row rather than failing a whole list. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
