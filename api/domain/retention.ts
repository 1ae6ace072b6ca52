// How long residents' personal data is kept (privacy): per subdistrict, one period for the
// meals program and one for the counter's visit log. Shared by the API and the admin page.
import { z } from 'zod'
import type { MessageDict } from './messages.ts'
import { text } from './text.ts'
import { RETURN_WINDOW_DAYS } from './counter/visits.ts'

/** What a resident's name becomes once anonymised (kept non-empty so lists and sheets still render). */
export const ANONYMISED_NAME = '已匿名'

/**
 * Defaults. Counter: one year — enough to answer a complaint or follow up a referral, and every visit
 * statistic (return rate, first-visit resolution, handling time) works on the anonymised rows anyway.
 * Meals: two years without any sale, pickup or edit — residents pause the program over a hospital stay
 * or a winter with family, and the yearly subsidy check looks one full year back.
 */
export const RETENTION_DEFAULTS = { meals_days: 730, counter_days: 365 } as const

/**
 * Bounds. Counter: at least the return-visit window, or return trips would no longer be linked.
 * Meals: at least a quarter, so a mistyped value cannot wipe this season's residents. At most ten years.
 */
export const RETENTION_LIMITS = {
  meals_days: { min: 90, max: 3650 },
  counter_days: { min: RETURN_WINDOW_DAYS, max: 3650 },
} as const

export const RETENTION_MESSAGES: MessageDict = {
  retention_days_int: { 'zh-CN': '天数须为整数', en: 'Days must be a whole number' },
  retention_meals_range: {
    'zh-CN': `助餐居民信息保留期须在 ${RETENTION_LIMITS.meals_days.min} 到 ${RETENTION_LIMITS.meals_days.max} 天之间`,
    en: `Meals retention must be ${RETENTION_LIMITS.meals_days.min}–${RETENTION_LIMITS.meals_days.max} days`,
  },
  retention_counter_range: {
    'zh-CN': `窗口来访记录保留期须在 ${RETENTION_LIMITS.counter_days.min} 到 ${RETENTION_LIMITS.counter_days.max} 天之间（不短于回访关联的 ${RETURN_WINDOW_DAYS} 天）`,
    en: `Counter retention must be ${RETENTION_LIMITS.counter_days.min}–${RETENTION_LIMITS.counter_days.max} days (no shorter than the ${RETURN_WINDOW_DAYS}-day return window)`,
  },
}

const days = (which: keyof typeof RETENTION_LIMITS, key: string) =>
  z
    .number({ error: 'retention_days_int' })
    .int({ error: 'retention_days_int' })
    .min(RETENTION_LIMITS[which].min, { error: key })
    .max(RETENTION_LIMITS[which].max, { error: key })

export const RetentionInput = z.strictObject({
  meals_days: days('meals_days', 'retention_meals_range'),
  counter_days: days('counter_days', 'retention_counter_range'),
})
export type RetentionInput = z.infer<typeof RetentionInput>

/** What one purge run changed, per kind of record. */
export const PurgeCounts = z.object({
  meal_subscribers: z.number(),
  counter_visits: z.number(),
  /** Sale notes, void reasons, leave reasons and hotline callers' masked numbers cleared (absent in runs recorded before they were covered). */
  free_text_notes: z.number().default(0),
  /** Residents' reports whose phone, note and device/address hashes were cleared. */
  resident_reports: z.number().default(0),
  /** Records devices hold (visits, those residents' ticket sales) re-sent to them anonymised. */
  synced_records: z.number(),
})
export type PurgeCounts = z.infer<typeof PurgeCounts>

export const PurgeResult = z.object({
  at: text(),
  /** null: the daily job (or the start-up run); otherwise the admin who asked. */
  actor_name: text().nullable(),
  /** Records older than these instants were due. */
  meals_before: text(),
  counter_before: text(),
  counts: PurgeCounts,
})
export type PurgeResult = z.infer<typeof PurgeResult>

export const RetentionView = RetentionInput.extend({
  /** true while the subdistrict still uses the defaults (never saved). */
  is_default: z.boolean(),
  updated_at: text().nullable(),
  last_purge: PurgeResult.nullable(),
})
export type RetentionView = z.infer<typeof RetentionView>

const DAY_MS = 86_400_000

/** Instants before which records are past retention. */
export function retentionCutoffs(now: Date, s: RetentionInput): { meals_before: string; counter_before: string } {
  return {
    meals_before: new Date(now.getTime() - s.meals_days * DAY_MS).toISOString(),
    counter_before: new Date(now.getTime() - s.counter_days * DAY_MS).toISOString(),
  }
}
