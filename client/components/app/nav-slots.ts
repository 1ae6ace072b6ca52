// Which navigation entries fit a phone's bottom bar: at most five slots, so a role with many pages
// sees its first four and "more"; the page the user is on always keeps its place in the bar.

export interface NavEntry {
  path: string
  label: string
  icon: string
}

/** Slots of the phone bar, "more" included. */
export const PHONE_SLOTS = 5

/** The entry a path belongs to: the same path, or the longest entry path it lies under (/counter/roster/… → /counter/roster). */
export function currentNavEntry<T extends NavEntry>(entries: readonly T[], path: string): T | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
  let best: T | undefined
  for (const e of entries) {
    const under = clean === e.path || clean.startsWith(e.path.endsWith('/') ? e.path : `${e.path}/`)
    if (under && (!best || e.path.length > best.path.length)) best = e
  }
  return best
}

/**
 * Splits entries (already in navigation order) into the bar and the "more" sheet. With more entries
 * than slots the bar holds the first slots − 1; when the current page is among the rest it takes the
 * last of them, and the entry it replaces moves to the sheet. The sheet keeps navigation order.
 */
export function splitPhoneNav<T extends NavEntry>(entries: readonly T[], path: string, slots = PHONE_SLOTS): { bar: T[]; more: T[] } {
  if (entries.length <= slots) return { bar: [...entries], more: [] }
  const keep = Math.max(slots - 1, 1)
  const current = currentNavEntry(entries, path)
  const bar = entries.slice(0, keep)
  if (current && !bar.includes(current)) bar.splice(keep - 1, 1, current)
  return { bar, more: entries.filter((e) => !bar.includes(e)) }
}
