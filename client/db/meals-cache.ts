// Last answers of the meals reads the counter needs offline (window, menu, prices, residents), kept in
// the device's key-value table so the sale form opens without network; the server still decides.
import type { z } from 'zod'
import { apiFetch, NetworkError } from '../api/http.ts'
import { db } from './database.ts'

const key = (path: string) => `meals.cache:${path}`

/** GET through the network, remembering the answer; without network, the remembered one (stale = true). */
export async function cachedGet<S extends z.ZodType>(path: string, schema: S): Promise<{ value: z.output<S>; stale: boolean }> {
  try {
    const value = await apiFetch(path, { schema })
    await db.kv.put({ key: key(path), value: structuredClone(value) })
    return { value, stale: false }
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e
    const row = await db.kv.get(key(path))
    if (row === undefined) throw e
    return { value: row.value as z.output<S>, stale: true }
  }
}
