// A tiny device cache for the counter pages: the guide catalogue (with its pinyin initials) and
// the unsaved visit entry survive a reload or a lost connection. Public data and a draft only.
const PREFIX = 'lastmile.counter.'

export function readCache<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(PREFIX + key)
    return raw ? (JSON.parse(raw) as T) : undefined
  } catch {
    return undefined
  }
}

export function writeCache(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(PREFIX + key)
    else localStorage.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    /* storage full or unavailable: the page still works online */
  }
}
