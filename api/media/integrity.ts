// Do the photo files the database references exist? A bounded check for /api/health (the most recent
// rows, remembered for a minute so probes cost little even on object storage) and a full one for backups.
import type { Deps } from '../http/context.ts'

export const HEALTH_MEDIA_SAMPLE = 200
const CACHE_MS = 60_000

export interface MediaCheck {
  /** Files looked for, and of those not found. */
  checked: number
  missing: number
  /** Up to five stored hashes not found, for the operator to look up. */
  missing_sample: string[]
}

export async function checkMediaFiles(deps: Pick<Deps, 'db' | 'media'>, limit = HEALTH_MEDIA_SAMPLE): Promise<MediaCheck> {
  const rows = await deps.db.selectFrom('media_objects').select('stored_hash').orderBy('created_at', 'desc').limit(limit).execute()
  const hashes = [...new Set(rows.map((r) => r.stored_hash))]
  const found = await Promise.all(hashes.map((h) => deps.media.has(h)))
  const missing = hashes.filter((_, i) => !found[i])
  return { checked: hashes.length, missing: missing.length, missing_sample: missing.slice(0, 5) }
}

const cache = new WeakMap<object, { at: number; result: MediaCheck }>()

/** The health probe's view: the check above, at most once a minute per running app. */
export async function cachedMediaCheck(deps: Deps): Promise<MediaCheck> {
  const hit = cache.get(deps.media)
  const now = Date.now()
  if (hit && now - hit.at < CACHE_MS) return hit.result
  const result = await checkMediaFiles(deps)
  cache.set(deps.media, { at: now, result })
  return result
}
