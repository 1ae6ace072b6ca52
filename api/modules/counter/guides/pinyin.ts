// Pinyin initials are computed once, on the server, when a guide is saved, and shipped with it:
// the browser then searches `yl` → 养老 offline without carrying a pinyin dictionary.
import { pinyin } from 'pinyin-pro'

/** Lowercase initials of the Chinese characters (Latin letters and digits kept): 居民养老 → jmyl. */
export function initialsOf(text: string): string {
  const parts = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}
