// JSON text columns read back without failing a list. (Refusals are the shared problem helpers of
// api/http/problem.ts: fieldProblem, fieldsProblem, notFound, forbidden, conflict, refused.)

/** JSON text columns → values, tolerating a damaged row rather than failing a whole list. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
