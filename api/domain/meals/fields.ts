// Small field schemas the meals contracts are built from: weeks, dates, times, money and quantities,
// each with a message key so a bad value gets a sentence beside its field.
import { z } from 'zod'
import { text } from '../text.ts'
import { isoWeekStart, isPlainDate } from '../time.ts'

export const IsoWeek = text().refine((w) => isoWeekStart(w) !== undefined, { error: 'meals_week_invalid' })
export const PlainDate = text().refine(isPlainDate, { error: 'meals_date_invalid' })
export const HhMm = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'meals_time_invalid' })
export const Fen = z
  .number({ error: 'meals_fen_int' })
  .int({ error: 'meals_fen_int' })
  .min(0, { error: 'meals_fen_range' })
  .max(100_000, { error: 'meals_fen_range' })
export const Qty = z.number({ error: 'meals_qty_int' }).int({ error: 'meals_qty_int' }).min(0, { error: 'meals_qty_int' }).max(50, { error: 'meals_qty_int' })
export const Name = text().trim().min(1, { error: 'meals_name_required' }).max(60)
export const Reason = text().trim().min(1, { error: 'meals_reason_required' }).max(200)
export const Instant = text().datetime({ offset: true })

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
