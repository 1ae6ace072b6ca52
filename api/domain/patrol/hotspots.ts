// Hotspots: places where obstructions keep coming back. Pure rules shared by the server's incremental
// update (one sighting at a time), its full recompute (the check) and the coordinator's client.
//
// THE RULE
// - A *site* is a place: the running centroid of the reports filed there. A new report joins the nearest
//   site whose centroid is within HOTSPOT_RADIUS_M (60 m), else it opens a new site. A repeat sighting
//   (observation) belongs to its report's site. When a site's centroid moves within 60 m of another
//   site, the two merge (the one with more sightings survives; ties keep the older site).
// - A site becomes a persistent *hotspot* once it holds ≥ 3 sightings on ≥ 2 different Beijing days
//   within 28 days (HOTSPOT_WINDOW_DAYS). A one-off (one sighting, or a burst on a single day) never
//   does. Once formed it stays a hotspot (its status says whether it is resolved).
// - Score = Σ weight × 2^(−age / 14 days): weight = 1 + 2 × blocked share + min(vehicles, 60) / 20, so
//   frequency, severity and recency all count. Stored as log(Σ w·e^{λ(t−epoch)}): adding a sighting is
//   O(1) and ordering by the stored value equals ordering by today's score (the decay factor is shared).
import { haversineM } from '../geo.ts'
import { BUSINESS_TZ_OFFSET_MIN, businessDate, businessMinuteOfDay, isoWeekday, isoWeekOf } from '../time.ts'

export const HOTSPOT_RADIUS_M = 60
export const HOTSPOT_WINDOW_DAYS = 28
export const HOTSPOT_MIN_SIGHTINGS = 3
export const HOTSPOT_MIN_DAYS = 2
export const HALF_LIFE_DAYS = 14
const DAY_MS = 86_400_000
const LAMBDA = Math.LN2 / HALF_LIFE_DAYS
const EPOCH = Date.UTC(2026, 0, 1)

export interface Sighting {
  id: string
  report_id: string
  /** true for the report itself (it places the site), false for a repeat sighting. */
  is_report: boolean
  lat: number
  lng: number
  observed_at: string
  counts: Record<string, number>
  blocked_share: number | null
  kind: string
  community_id: string
  address: string
}

export interface Site {
  id: string
  lat: number
  lng: number
  community_id: string
  landmark: string
  /** Reports placing the site (centroid weight). */
  report_count: number
  sighting_count: number
  first_at: string
  last_at: string
  score_log: number
  blocked_sum: number
  blocked_n: number
  vehicles_sum: number
  vehicles_max: number
  formed: boolean
  /** Sighting instants kept only until the site forms (they decide formation). */
  recent: string[]
  /** 7 × 24 counts: index (ISO weekday − 1) × 24 + hour, Asia/Shanghai. */
  hours: number[]
  weeks: Record<string, number>
  /** ISO week → operator id → vehicles counted. */
  operators: Record<string, Record<string, number>>
  kinds: Record<string, number>
  addresses: Record<string, number>
}

export const totalOf = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0)

export function sightingWeight(s: Pick<Sighting, 'counts' | 'blocked_share'>): number {
  return 1 + 2 * (s.blocked_share ?? 0) + Math.min(totalOf(s.counts), 60) / 20
}

const logAddExp = (a: number, b: number) => (a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))))

/** Today's score from the stored log-sum. */
export function scoreAt(scoreLog: number, now: Date): number {
  if (!Number.isFinite(scoreLog)) return 0
  return Math.exp(scoreLog - (LAMBDA * (now.getTime() - EPOCH)) / DAY_MS)
}

const bump = (rec: Record<string, number>, key: string, by = 1) => {
  rec[key] = (rec[key] ?? 0) + by
}

/** Hour-of-week slot in Asia/Shanghai. */
export function hourSlot(instant: string): number {
  const d = new Date(instant)
  return (isoWeekday(businessDate(d)) - 1) * 24 + Math.floor(businessMinuteOfDay(d) / 60)
}

/**
 * True when the instants hold ≥ 3 sightings on ≥ 2 Beijing days inside one 28-day window.
 * One sliding window with a count per Beijing day: linear after the sort, so a place reported many
 * times in one day (which never forms a hotspot on its own) stays cheap to re-check on each sighting.
 */
export function formsHotspot(instants: readonly string[]): boolean {
  const ts = instants.map((i) => Date.parse(i)).sort((a, b) => a - b)
  const dayOf = (t: number) => Math.floor((t + BUSINESS_TZ_OFFSET_MIN * 60_000) / DAY_MS)
  const perDay = new Map<number, number>()
  let lo = 0
  for (let hi = 0; hi < ts.length; hi++) {
    const d = dayOf(ts[hi]!)
    perDay.set(d, (perDay.get(d) ?? 0) + 1)
    while (ts[hi]! - ts[lo]! > HOTSPOT_WINDOW_DAYS * DAY_MS) {
      const old = dayOf(ts[lo]!)
      const left = perDay.get(old)! - 1
      if (left) perDay.set(old, left)
      else perDay.delete(old)
      lo++
    }
    if (hi - lo + 1 >= HOTSPOT_MIN_SIGHTINGS && perDay.size >= HOTSPOT_MIN_DAYS) return true
  }
  return false
}

export function newSite(id: string, s: Sighting): Site {
  return {
    id,
    lat: s.lat,
    lng: s.lng,
    community_id: s.community_id,
    landmark: s.address,
    report_count: 0,
    sighting_count: 0,
    first_at: s.observed_at,
    last_at: s.observed_at,
    score_log: -Infinity,
    blocked_sum: 0,
    blocked_n: 0,
    vehicles_sum: 0,
    vehicles_max: 0,
    formed: false,
    recent: [],
    hours: Array.from({ length: 168 }, () => 0),
    weeks: {},
    operators: {},
    kinds: {},
    addresses: {},
  }
}

function landmarkOf(addresses: Record<string, number>, fallback: string): string {
  let best = fallback
  let n = 0
  for (const [a, c] of Object.entries(addresses)) if (a && c > n) [best, n] = [a, c]
  return best
}

/** Folds one sighting into a site (mutates and returns it). */
export function addToSite(site: Site, s: Sighting): Site {
  if (s.is_report) {
    site.lat = (site.lat * site.report_count + s.lat) / (site.report_count + 1)
    site.lng = (site.lng * site.report_count + s.lng) / (site.report_count + 1)
    site.report_count++
    if (s.address) bump(site.addresses, s.address)
    bump(site.kinds, s.kind)
    site.landmark = landmarkOf(site.addresses, site.landmark)
  }
  site.sighting_count++
  const at = new Date(s.observed_at).toISOString()
  if (at < site.first_at) site.first_at = at
  if (at > site.last_at) site.last_at = at
  site.score_log = logAddExp(site.score_log, Math.log(sightingWeight(s)) + (LAMBDA * (Date.parse(at) - EPOCH)) / DAY_MS)
  if (s.blocked_share !== null) {
    site.blocked_sum += s.blocked_share
    site.blocked_n++
  }
  const total = totalOf(s.counts)
  site.vehicles_sum += total
  site.vehicles_max = Math.max(site.vehicles_max, total)
  site.hours[hourSlot(at)]!++
  const week = isoWeekOf(businessDate(new Date(at)))
  bump(site.weeks, week)
  const ops = (site.operators[week] ??= {})
  for (const [op, n] of Object.entries(s.counts)) if (n > 0) bump(ops, op, n)
  if (!site.formed) {
    site.recent.push(at)
    if (formsHotspot(site.recent)) {
      site.formed = true
      site.recent = []
    }
  }
  return site
}

const addRecords = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) bump(into, k, v)
}

/** Merges `b` into `a` (a survives). */
export function mergeSites(a: Site, b: Site): Site {
  const n = a.report_count + b.report_count
  if (n > 0) {
    a.lat = (a.lat * a.report_count + b.lat * b.report_count) / n
    a.lng = (a.lng * a.report_count + b.lng * b.report_count) / n
  }
  a.report_count = n
  a.sighting_count += b.sighting_count
  if (b.first_at < a.first_at) a.first_at = b.first_at
  if (b.last_at > a.last_at) a.last_at = b.last_at
  a.score_log = logAddExp(a.score_log, b.score_log)
  a.blocked_sum += b.blocked_sum
  a.blocked_n += b.blocked_n
  a.vehicles_sum += b.vehicles_sum
  a.vehicles_max = Math.max(a.vehicles_max, b.vehicles_max)
  a.hours = a.hours.map((h, i) => h + (b.hours[i] ?? 0))
  addRecords(a.weeks, b.weeks)
  for (const [w, ops] of Object.entries(b.operators)) addRecords((a.operators[w] ??= {}), ops)
  addRecords(a.kinds, b.kinds)
  addRecords(a.addresses, b.addresses)
  a.landmark = landmarkOf(a.addresses, a.landmark)
  if (!a.formed && b.formed) a.formed = true
  if (!a.formed) {
    a.recent = [...a.recent, ...b.recent]
    if (formsHotspot(a.recent)) a.formed = true
  }
  if (a.formed) a.recent = []
  return a
}

/** The survivor of two neighbours: more sightings, then the older site (smaller UUIDv7). */
export const survivorOf = (a: Site, b: Site) => (a.sighting_count > b.sighting_count || (a.sighting_count === b.sighting_count && a.id < b.id) ? a : b)

export interface AddResult {
  site: Site
  created: boolean
  /** Sites absorbed into `site` (gone). */
  absorbed: string[]
}

/**
 * Adds one sighting to a set of candidate sites (the sites near it, plus its report's site).
 * `reportSite` answers an observation's site; `newId` names a new site.
 */
export function addSighting(sites: Map<string, Site>, s: Sighting, reportSite: string | undefined, newId: () => string): AddResult {
  let site = reportSite ? sites.get(reportSite) : undefined
  let created = false
  if (!site) {
    let best: Site | undefined
    let bestD = Infinity
    for (const c of sites.values()) {
      const d = haversineM(c, s)
      if (d <= HOTSPOT_RADIUS_M && d < bestD) [best, bestD] = [c, d]
    }
    site = best
  }
  if (!site) {
    site = newSite(newId(), s)
    sites.set(site.id, site)
    created = true
  }
  addToSite(site, s)
  const absorbed: string[] = []
  if (s.is_report) {
    // The centroid moved: fold in any neighbour now within the radius (repeat until stable).
    for (let again = true; again;) {
      again = false
      for (const other of sites.values()) {
        if (other.id === site.id || haversineM(site, other) > HOTSPOT_RADIUS_M) continue
        const keep = survivorOf(site, other)
        const gone = keep === site ? other : site
        mergeSites(keep, gone)
        sites.delete(gone.id)
        absorbed.push(gone.id)
        if (gone === site) created = false
        site = keep
        again = true
        break
      }
    }
  }
  return { site, created, absorbed: absorbed.filter((id) => id !== site.id) }
}

/** Full recompute from every sighting in arrival order: the check the incremental path must match. */
export function recomputeSites(sightings: readonly Sighting[], newId: () => string): { sites: Map<string, Site>; reportSite: Map<string, string> } {
  const sites = new Map<string, Site>()
  const reportSite = new Map<string, string>()
  for (const s of sightings) {
    const r = addSighting(sites, s, s.is_report ? undefined : reportSite.get(s.report_id), newId)
    if (s.is_report) reportSite.set(s.report_id, r.site.id)
    for (const gone of r.absorbed) for (const [rid, sid] of reportSite) if (sid === gone) reportSite.set(rid, r.site.id)
  }
  return { sites, reportSite }
}

/** Share of sightings' blocked pavement, 0–1 (null when nobody estimated it). */
export const meanBlockedShare = (s: Pick<Site, 'blocked_sum' | 'blocked_n'>) => (s.blocked_n ? s.blocked_sum / s.blocked_n : null)
