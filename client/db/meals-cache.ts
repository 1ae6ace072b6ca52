// Last answers of the meals reads the counter and the residents' page need offline (window, menu,
// prices, residents, the public menu), kept in the device's key-value table with when they were saved,
// so the page opens without network and says how old what it shows is; the server still decides.
import type { z } from 'zod'
import { apiFetch, NetworkError } from '../api/http.ts'
import { whenIdle } from '../pwa/after-load.ts'

/** Imported on first use: a page shows the network's answer without waiting for the device database to open. */
const database = () => import('./database.ts')

const key = (path: string) => `meals.cache:${path}`
const savedKey = (path: string) => `meals.cache-at:${path}`

/**
 * GET through the network, remembering the answer and when; without network, the remembered one
 * (stale = true, saved_at = when it was fetched, null for a copy saved before times were kept).
 */
export async function cachedGet<S extends z.ZodType>(path: string, schema: S): Promise<{ value: z.output<S>; stale: boolean; saved_at: string | null }> {
  try {
    const value = await apiFetch(path, { schema })
    const at = new Date().toISOString()
    const copy = structuredClone(value)
    // Remembered once the page is idle (the device database's code loads after the page's load event);
    // a copy that cannot be written leaves the last one in place.
    whenIdle(() => {
      void database()
        .then(({ db }) =>
          db.kv.bulkPut([
            { key: key(path), value: copy },
            { key: savedKey(path), value: at },
          ]),
        )
        .catch(() => undefined)
    })
    return { value, stale: false, saved_at: at }
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e
    const { db } = await database()
    const [row, at] = await db.kv.bulkGet([key(path), savedKey(path)])
    if (row === undefined) throw e
    return { value: row.value as z.output<S>, stale: true, saved_at: typeof at?.value === 'string' ? at.value : null }
  }
}
