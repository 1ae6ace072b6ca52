// Guide search that works the same on the server and offline in the browser: Chinese text
// matches the words, Latin letters match the pinyin initials stored with each guide (`yl` → 养老).
import { CATEGORY_ZH, type Category } from './guides.ts'

export interface Searchable {
  code: string
  name: string
  category: Category
  initials: string
  materials?: { name: string }[]
  applicants?: string
  conditions?: string
}

export function normalizeQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

const LATIN = /^[a-z0-9-]+$/

/** A rank for how well a guide matches (lower is better), or undefined when it does not match. */
export function matchRank(g: Searchable, query: string): number | undefined {
  const q = normalizeQuery(query)
  if (!q) return 3
  const name = g.name.toLowerCase()
  if (LATIN.test(q)) {
    const initials = g.initials.toLowerCase()
    if (initials.startsWith(q)) return 0
    if (g.code.toLowerCase() === q) return 0
    if (initials.includes(q)) return 1
    // Codes are matched by their digits or hyphen (`sb-0`), so letters stay a pinyin search.
    if ((/[0-9-]/.test(q) && g.code.toLowerCase().includes(q)) || name.includes(q)) return 2
    return undefined
  }
  if (name.startsWith(q)) return 0
  if (name.includes(q)) return 1
  if (CATEGORY_ZH[g.category].includes(q)) return 2
  const rest = [g.applicants ?? '', g.conditions ?? '', ...(g.materials ?? []).map((m) => m.name)].join('\n').toLowerCase()
  return rest.includes(q) ? 3 : undefined
}

/** Matching guides, best first, then by code so the order is stable. */
export function searchGuides<T extends Searchable>(guides: readonly T[], query: string): T[] {
  return guides
    .map((g) => ({ g, rank: matchRank(g, query) }))
    .filter((x): x is { g: T; rank: number } => x.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.g.code.localeCompare(b.g.code))
    .map((x) => x.g)
}
