// The brief's figures as pure functions over plain records: the server loads the records of a period
// and calls these, and the tests compute the same figures again in SQL and compare. Each function
// filters by the period itself, so a loader may hand it more than the period.
import { complianceRate } from '../patrol/compliance.ts'
import type { PartyResult } from '../patrol/compliance.ts'
import { priceDay, type PriceList, DEFAULT_PRICES } from '../meals/pricing.ts'
import { visitStats, type Outcome as VisitOutcome } from '../counter/visits.ts'
import { addDays, isoWeekday, isoWeekOf } from '../time.ts'
import type { BriefPeriod } from './brief.ts'

const inPeriod = (at: string, p: BriefPeriod) => at >= p.from && at < p.to
const onDays = (date: string, p: BriefPeriod, until = p.through_date) => date >= p.first_date && date <= until

// ---- patrol -------------------------------------------------------------------------------------

export interface PatrolRecords {
  reports: readonly { id: string; observed_at: string; hotspot_id: string | null; photos: readonly string[] }[]
  /** Repeat sightings, with the hotspot of the report they repeat. */
  observations: readonly { id: string; observed_at: string; hotspot_id: string | null; photos: readonly string[] }[]
  hotspots: readonly { id: string; formed: boolean; first_at: string; landmark: string; status: string; community_id: string }[]
  /** Review events of hotspots moved to `resolved`. */
  resolutions: readonly { hotspot_id: string; at: string }[]
  agreements: readonly { id: string; status: string; effective_date: string; updated_at: string }[]
  checks: readonly { agreement_id: string; checked_at: string; results: PartyResult[] }[]
}

export interface PatrolFigures {
  reports: number
  observations: number
  hotspots_formed: number
  hotspots_resolved: number
  agreements_in_force: number
  compliance_checks: number
  /** Share of party results kept (partly = ½) over the month's checks; null without checks. */
  compliance_rate: number | null
  breaches: number
}

/**
 * An agreement is in force in a month when it took effect by the month's last day and is active or
 * breached now, or ended after the month began (its last change is when it ended).
 */
export function agreementInForce(a: PatrolRecords['agreements'][number], p: BriefPeriod): boolean {
  if (a.effective_date > p.last_date) return false
  if (a.status === 'active' || a.status === 'breached') return true
  return a.status === 'ended' && a.updated_at >= p.from
}

export function patrolFigures(r: PatrolRecords, p: BriefPeriod): PatrolFigures {
  const inForce = new Set(r.agreements.filter((a) => agreementInForce(a, p)).map((a) => a.id))
  const checks = r.checks.filter((c) => inForce.has(c.agreement_id) && inPeriod(c.checked_at, p))
  return {
    reports: r.reports.filter((x) => inPeriod(x.observed_at, p)).length,
    observations: r.observations.filter((x) => inPeriod(x.observed_at, p)).length,
    hotspots_formed: r.hotspots.filter((h) => h.formed && inPeriod(h.first_at, p)).length,
    hotspots_resolved: new Set(r.resolutions.filter((e) => inPeriod(e.at, p)).map((e) => e.hotspot_id)).size,
    agreements_in_force: inForce.size,
    compliance_checks: checks.length,
    compliance_rate: complianceRate(checks),
    breaches: checks.flatMap((c) => c.results).filter((x) => x.outcome === 'breached').length,
  }
}

export const TREND_WEEKS = 6

export interface HotspotRank {
  id: string
  landmark: string
  community_id: string
  status: string
  /** Reports and repeat sightings at the hotspot in the month. */
  sightings: number
  /** The latest photo of the month's sightings, if any. */
  photo: string | null
  /** Sightings per week over the TREND_WEEKS weeks that end with the period, oldest first. */
  trend: number[]
}

/** The hotspots seen most often in the month, worst first (ties: the later last sighting first). */
export function worstHotspots(r: Pick<PatrolRecords, 'reports' | 'observations' | 'hotspots'>, p: BriefPeriod, limit = 5): HotspotRank[] {
  const sightings = [...r.reports, ...r.observations].map((x) => ({ hotspot_id: x.hotspot_id, at: x.observed_at, photos: x.photos }))
  const end = Date.parse(p.to)
  const weekMs = 7 * 86_400_000
  return r.hotspots
    .filter((h) => h.formed)
    .map((h) => {
      const mine = sightings.filter((s) => s.hotspot_id === h.id)
      const month = mine.filter((s) => inPeriod(s.at, p)).sort((a, b) => b.at.localeCompare(a.at))
      const trend = Array.from({ length: TREND_WEEKS }, (_, i) => {
        const hi = end - (TREND_WEEKS - 1 - i) * weekMs
        return mine.filter((s) => Date.parse(s.at) < hi && Date.parse(s.at) >= hi - weekMs).length
      })
      return {
        id: h.id,
        landmark: h.landmark,
        community_id: h.community_id,
        status: h.status,
        sightings: month.length,
        photo: month.find((s) => s.photos.length)?.photos[0] ?? null,
        trend,
        last: month[0]?.at ?? '',
      }
    })
    .filter((h) => h.sightings > 0)
    .sort((a, b) => b.sightings - a.sightings || b.last.localeCompare(a.last))
    .slice(0, limit)
    .map(({ last: _last, ...h }) => h)
}

// ---- meals --------------------------------------------------------------------------------------

export interface TicketLine {
  sale_id: string
  subscriber_id: string
  date: string
  sets: number
  boxes: number
  rice: number
  buns: number
  soups: number
}

export interface MealsRecords {
  /** Ticket lines of active sales (any period: the first ticket of a resident makes them new). */
  lines: readonly TicketLine[]
  /** Sales of every status: what was paid and refunded, by ISO week. */
  sales: readonly { id: string; subscriber_id: string; week: string; status: string; paid_fen: number; refund_fen: number }[]
  /** Check-offs: a ticket day without a picked row is a no-show once the day is over. */
  pickups: readonly { subscriber_id: string; date: string; picked: boolean }[]
  /** Prices by ISO week (the default price list where a week has none). */
  prices: ReadonlyMap<string, PriceList>
}

export interface MealsFigures {
  residents: number
  sets: number
  boxes: number
  ticket_days: number
  no_shows: number
  expected_fen: number
  received_fen: number
  balance_fen: number
  new_subscribers: number
  lapsed_subscribers: number
}

/** ISO weeks that start (Monday) in the month: each week's money is reconciled in exactly one month. */
export function reconciledWeeks(p: BriefPeriod): string[] {
  const weeks: string[] = []
  for (let d = p.first_date; d <= p.last_date; d = addDays(d, 1)) if (isoWeekday(d) === 1) weeks.push(isoWeekOf(d))
  return weeks
}

/** The ISO weeks the month's days fall in, each with the month's dates of it. */
export function weeksOfMonth(p: BriefPeriod): { week: string; first: string; last: string }[] {
  const out: { week: string; first: string; last: string }[] = []
  for (let d = p.first_date; d <= p.last_date; d = addDays(d, 1)) {
    const w = isoWeekOf(d)
    const cur = out.at(-1)
    if (cur?.week === w) cur.last = d
    else out.push({ week: w, first: d, last: d })
  }
  return out
}

export function mealsFigures(r: MealsRecords, p: BriefPeriod, previous: BriefPeriod): MealsFigures {
  const month = r.lines.filter((l) => onDays(l.date, p))
  const ticketDays = new Map<string, { subscriber_id: string; date: string }>()
  for (const l of month) ticketDays.set(`${l.subscriber_id} ${l.date}`, l)
  const picked = new Set(r.pickups.filter((x) => x.picked).map((x) => `${x.subscriber_id} ${x.date}`))
  const over = [...ticketDays.entries()].filter(([, d]) => d.date <= p.days_over_until)
  const served = new Set(month.map((l) => l.subscriber_id))
  const before = new Set(r.lines.filter((l) => l.date < p.first_date).map((l) => l.subscriber_id))
  const lastMonth = new Set(r.lines.filter((l) => onDays(l.date, previous, previous.last_date)).map((l) => l.subscriber_id))
  const weeks = new Set(reconciledWeeks(p))
  const active = new Set(r.sales.filter((s) => s.status === 'active' && weeks.has(s.week)).map((s) => s.id))
  const weekOfSale = new Map(r.sales.map((s) => [s.id, s.week]))
  const expected = r.lines
    .filter((l) => active.has(l.sale_id))
    .reduce((s, l) => s + priceDay(l, r.prices.get(weekOfSale.get(l.sale_id) ?? '') ?? DEFAULT_PRICES), 0)
  const received = r.sales.filter((s) => weeks.has(s.week)).reduce((s, x) => s + x.paid_fen - x.refund_fen, 0)
  return {
    residents: served.size,
    sets: month.reduce((s, l) => s + l.sets, 0),
    boxes: month.reduce((s, l) => s + l.boxes, 0),
    ticket_days: ticketDays.size,
    no_shows: over.filter(([k]) => !picked.has(k)).length,
    expected_fen: expected,
    received_fen: received,
    balance_fen: received - expected,
    new_subscribers: [...served].filter((s) => !before.has(s)).length,
    lapsed_subscribers: [...lastMonth].filter((s) => !served.has(s)).length,
  }
}

/** Sets, boxes and residents per ISO week of the month (the month's days of it). */
export function mealsByWeek(r: Pick<MealsRecords, 'lines'>, p: BriefPeriod) {
  return weeksOfMonth(p).map((w) => {
    const lines = r.lines.filter((l) => l.date >= w.first && l.date <= w.last && onDays(l.date, p))
    return {
      ...w,
      residents: new Set(lines.map((l) => l.subscriber_id)).size,
      sets: lines.reduce((s, l) => s + l.sets, 0),
      boxes: lines.reduce((s, l) => s + l.boxes, 0),
    }
  })
}

// ---- counter ------------------------------------------------------------------------------------

export interface CounterRecords {
  visits: readonly { at: string; guide_ids: readonly string[]; outcome: VisitOutcome; is_return: boolean; duration_min: number | null }[]
  /** Changes of a worker's level in a matter; those from a training that lift a worker to "can handle" (2) close a gap. */
  skill_changes: readonly { worker_id: string; guide_id: string; from_level: number; to_level: number; at: string; training_id: string | null }[]
}

export interface CounterFigures {
  visits: number
  first_visit_resolution_rate: number | null
  returns: number
  /** Return trips per matter asked about in the month. */
  returns_per_matter: number | null
  gaps_closed: number
}

export const HANDLE_LEVEL = 2

export function counterFigures(r: CounterRecords, p: BriefPeriod): CounterFigures {
  const visits = r.visits.filter((v) => inPeriod(v.at, p))
  const stats = visitStats(visits)
  const first = visits.filter((v) => !v.is_return).length
  const matterReturns = stats.per_matter.reduce((s, m) => s + m.returns, 0)
  const closed = new Set(
    r.skill_changes
      .filter((c) => c.training_id && c.from_level < HANDLE_LEVEL && c.to_level >= HANDLE_LEVEL && inPeriod(c.at, p))
      .map((c) => `${c.worker_id} ${c.guide_id}`),
  )
  return {
    visits: visits.length,
    first_visit_resolution_rate: first ? stats.first_visit_resolution_rate : null,
    returns: stats.returns,
    returns_per_matter: stats.per_matter.length ? Math.round((matterReturns / stats.per_matter.length) * 100) / 100 : null,
    gaps_closed: closed.size,
  }
}

/** Return trips per matter in the month, most first, with the previous month's count beside. */
export function returnsByMatter(r: Pick<CounterRecords, 'visits'>, p: BriefPeriod, previous: BriefPeriod, limit = 8) {
  const per = (q: BriefPeriod) => new Map(visitStats(r.visits.filter((v) => inPeriod(v.at, q))).per_matter.map((m) => [m.guide_id, m]))
  const now = per(p)
  const before = per(previous)
  return [...now.values()]
    .filter((m) => m.returns > 0)
    .sort((a, b) => b.returns - a.returns || b.visits - a.visits || a.guide_id.localeCompare(b.guide_id))
    .slice(0, limit)
    .map((m) => ({
      guide_id: m.guide_id,
      visits: m.visits,
      returns: m.returns,
      return_rate: m.return_rate,
      previous_returns: before.get(m.guide_id)?.returns ?? 0,
    }))
}
