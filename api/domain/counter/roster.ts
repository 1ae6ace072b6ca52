// The duty roster of the open-plan counters: half-day slots, rotating templates (A/B weeks),
// leave and swaps. Conflicts are computed, not trusted: a worker in two places or on leave is flagged.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { ISO_WEEK_RE, addDays, isoWeekDates, isoWeekStart } from '../time.ts'
import { PlainDate } from './guides.ts'

export const HALVES = ['am', 'pm'] as const
export const Half = z.enum(HALVES, { error: 'counter_half_invalid' })
export type Half = z.infer<typeof Half>

export const IsoWeek = text()
  .regex(ISO_WEEK_RE, { error: 'counter_week_invalid' })
  .refine((w) => isoWeekStart(w) !== undefined, { error: 'counter_week_invalid' })
const HHMM = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'counter_time_format' })

export const RosterSettings = z
  .strictObject({
    am_start: HHMM,
    am_end: HHMM,
    pm_start: HHMM,
    pm_end: HHMM,
    open_weekdays: z
      .array(z.number().int().min(1, { error: 'counter_weekday_range' }).max(7, { error: 'counter_weekday_range' }))
      .min(1, { error: 'counter_weekdays_required' })
      .max(7),
  })
  .superRefine((s, ctx) => {
    // Order is only judged between times that are themselves well formed (one message per field).
    const ok = (t: string) => HHMM.safeParse(t).success
    const check = (a: string, b: string, strict: boolean, path: string) => {
      if (ok(a) && ok(b) && (strict ? b <= a : b < a)) ctx.addIssue({ code: 'custom', path: [path], message: 'counter_time_order' })
    }
    check(s.am_start, s.am_end, true, 'am_end')
    check(s.am_end, s.pm_start, false, 'pm_start')
    check(s.pm_start, s.pm_end, true, 'pm_end')
  })
export type RosterSettings = z.infer<typeof RosterSettings>

export const DEFAULT_SETTINGS: RosterSettings = { am_start: '09:00', am_end: '12:00', pm_start: '13:30', pm_end: '17:30', open_weekdays: [1, 2, 3, 4, 5] }

export interface Slot {
  date: string
  half: Half
}
export const slotKey = (s: Slot) => `${s.date}:${s.half}`

/** The open half-day slots of an ISO week, in order. */
export function weekSlots(week: string, settings: Pick<RosterSettings, 'open_weekdays'>): Slot[] {
  const dates = isoWeekDates(week) ?? []
  return dates.filter((_, i) => settings.open_weekdays.includes(i + 1)).flatMap((date) => HALVES.map((half) => ({ date, half })))
}

export const DeskInput = z.strictObject({
  id: Id,
  name: text().trim().min(1, { error: 'required' }).max(40),
  community_id: text().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'community_unknown' }),
})
export type DeskInput = z.infer<typeof DeskInput>

export const AssignmentInput = z.strictObject({
  id: Id,
  date: PlainDate,
  half: Half,
  counter_id: Id,
  worker_id: Id,
  note: text().trim().max(200).default(''),
})
export type AssignmentInput = z.infer<typeof AssignmentInput>

export interface Assignment extends Slot {
  id: string
  counter_id: string
  worker_id: string
}

export const LeaveInput = z
  .strictObject({
    id: Id,
    worker_id: Id,
    start_date: PlainDate,
    end_date: PlainDate,
    /** Only for a single day: leave for the morning or afternoon alone. */
    half: Half.nullable().default(null),
    reason: text().trim().max(200).default(''),
  })
  .superRefine((l, ctx) => {
    if (l.end_date < l.start_date) ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'counter_date_order' })
  })
export type LeaveInput = z.infer<typeof LeaveInput>

export interface Leave {
  id: string
  worker_id: string
  start_date: string
  end_date: string
  half: Half | null
}

export function leaveCovers(l: Leave, s: Slot): boolean {
  return s.date >= l.start_date && s.date <= l.end_date && (l.half === null || l.half === s.half)
}

/** A worker on two counters in one slot, or a shift that falls in the worker's leave. */
export const Conflict = z.object({
  kind: z.enum(['double_booked', 'on_leave']),
  worker_id: z.string(),
  date: z.string(),
  half: Half,
  assignment_ids: z.array(z.string()),
  leave_id: z.string().optional(),
})
export type Conflict = z.infer<typeof Conflict>

/** Every worker who is on two counters in one slot, and every shift that falls in a leave. */
export function detectConflicts(assignments: readonly Assignment[], leaves: readonly Leave[]): Conflict[] {
  const out: Conflict[] = []
  const bySlot = new Map<string, Assignment[]>()
  for (const a of assignments) {
    const k = `${a.worker_id}|${slotKey(a)}`
    bySlot.set(k, [...(bySlot.get(k) ?? []), a])
  }
  for (const list of bySlot.values()) {
    if (list.length > 1) {
      const a = list[0]!
      out.push({ kind: 'double_booked', worker_id: a.worker_id, date: a.date, half: a.half, assignment_ids: list.map((x) => x.id) })
    }
  }
  for (const a of assignments) {
    const leave = leaves.find((l) => l.worker_id === a.worker_id && leaveCovers(l, a))
    if (leave) out.push({ kind: 'on_leave', worker_id: a.worker_id, date: a.date, half: a.half, assignment_ids: [a.id], leave_id: leave.id })
  }
  return out.sort((x, y) => slotKey(x).localeCompare(slotKey(y)) || x.worker_id.localeCompare(y.worker_id))
}

/** Workers actually at a desk in a slot: assigned and not on leave. */
export function onDuty(assignments: readonly Assignment[], leaves: readonly Leave[], s: Slot): string[] {
  const ids = assignments.filter((a) => a.date === s.date && a.half === s.half).map((a) => a.worker_id)
  return [...new Set(ids)].filter((w) => !leaves.some((l) => l.worker_id === w && leaveCovers(l, s)))
}

export const TemplateEntry = z.strictObject({
  week_index: z.number().int().min(0, { error: 'counter_week_index_range' }).max(3, { error: 'counter_week_index_range' }),
  weekday: z.number().int().min(1, { error: 'counter_weekday_range' }).max(7, { error: 'counter_weekday_range' }),
  half: Half,
  counter_id: Id,
  worker_id: Id,
})
export type TemplateEntry = z.infer<typeof TemplateEntry>

export const TemplateInput = z
  .strictObject({
    id: Id,
    name: text().trim().min(1, { error: 'required' }).max(60),
    /** 2 for A/B weeks. */
    cycle_weeks: z.number().int().min(1).max(4),
    /** The ISO week that is week A (index 0) of the cycle. */
    anchor_week: IsoWeek,
    entries: z.array(TemplateEntry).min(1, { error: 'counter_entries_required' }).max(500),
  })
  .superRefine((t, ctx) => {
    t.entries.forEach((e, i) => {
      if (e.week_index >= t.cycle_weeks) ctx.addIssue({ code: 'custom', path: ['entries', i, 'week_index'], message: 'counter_week_index_range' })
    })
  })
export type TemplateInput = z.infer<typeof TemplateInput>

/** Which week of the cycle (0 = A, 1 = B, …) an ISO week is, counted from the anchor week. */
export function cycleIndex(anchorWeek: string, week: string, cycleWeeks: number): number {
  const a = isoWeekStart(anchorWeek)
  const w = isoWeekStart(week)
  if (!a || !w) throw new RangeError('bad ISO week')
  const weeks = Math.round((Date.parse(`${w}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / (7 * 86_400_000))
  return ((weeks % cycleWeeks) + cycleWeeks) % cycleWeeks
}

/** The shifts a rotating template puts into one ISO week. */
export function expandTemplate(
  t: Pick<TemplateInput, 'cycle_weeks' | 'anchor_week' | 'entries'>,
  week: string,
): (Slot & { counter_id: string; worker_id: string })[] {
  const monday = isoWeekStart(week)
  if (!monday) return []
  const idx = cycleIndex(t.anchor_week, week, t.cycle_weeks)
  return t.entries
    .filter((e) => e.week_index === idx)
    .map((e) => ({ date: addDays(monday, e.weekday - 1), half: e.half, counter_id: e.counter_id, worker_id: e.worker_id }))
}

export const SwapInput = z
  .strictObject({
    assignment_id: Id,
    /** Swap workers with this shift … */
    with_assignment_id: Id.optional(),
    /** … or hand this shift to another worker (替班). */
    to_worker_id: Id.optional(),
    note: text().trim().max(200).default(''),
  })
  .superRefine((s, ctx) => {
    if (!s.with_assignment_id === !s.to_worker_id) ctx.addIssue({ code: 'custom', path: ['to_worker_id'], message: 'counter_swap_target_required' })
  })
export type SwapInput = z.infer<typeof SwapInput>
