// Contracts of a service guide (办事指南): what a matter needs, so any duty worker can tell a
// resident everything in one visit. One schema for the API, the desk form and the public pages.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { isPlainDate } from '../time.ts'

export const CATEGORIES = ['social_security', 'livelihood', 'family_planning', 'elderly', 'disability', 'employment', 'housing', 'hotline', 'other'] as const
export const Category = z.enum(CATEGORIES, { error: 'counter_category_invalid' })
export type Category = z.infer<typeof Category>

/** Chinese labels are data here (they are searched on), the UI translates the codes itself. */
export const CATEGORY_ZH: Record<Category, string> = {
  social_security: '社会保障',
  livelihood: '民生保障',
  family_planning: '计划生育',
  elderly: '养老服务',
  disability: '残疾人服务',
  employment: '就业',
  housing: '住房',
  hotline: '接诉即办',
  other: '其他',
}

export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy'] as const

export const PlainDate = text().refine(isPlainDate, { error: 'counter_date_invalid' })

export const Material = z.strictObject({
  name: text().trim().min(1, { error: 'required' }).max(80),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int({ error: 'counter_copies_range' }).min(1, { error: 'counter_copies_range' }).max(20, { error: 'counter_copies_range' }),
  notes: text().trim().max(300).default(''),
})
export type Material = z.infer<typeof Material>

/** Working days; 0 means handled on the spot (当场办结). */
const Days = z.number().int({ error: 'counter_days_range' }).min(0, { error: 'counter_days_nonnegative' }).max(365, { error: 'counter_days_range' })

export const GuideCode = text()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, { error: 'counter_code_format' })

const guideFields = {
  code: GuideCode,
  name: text().trim().min(1, { error: 'counter_name_required' }).max(60),
  category: Category,
  applicants: text().trim().min(1, { error: 'counter_applicants_required' }).max(500),
  conditions: text().trim().max(1000).default(''),
  materials: z.array(Material).min(1, { error: 'counter_materials_required' }).max(40),
  steps: z
    .array(text().trim().min(1, { error: 'counter_step_required' }).max(300))
    .min(1, { error: 'counter_steps_required' })
    .max(30),
  /** null: no statutory limit is set for this matter. */
  statutory_days: Days.nullable(),
  promised_days: Days,
  fee_fen: z.number().int().min(0, { error: 'counter_fee_nonnegative' }).max(10_000_000).default(0),
  fee_basis: text().trim().max(500).default(''),
  legal_basis: text().trim().max(2000).default(''),
  location: text().trim().min(1, { error: 'counter_location_required' }).max(200),
  visits_needed: z.number().int({ error: 'counter_visits_range' }).min(0, { error: 'counter_visits_range' }).max(5, { error: 'counter_visits_range' }),
  online_url: z
    .union([
      z.literal(''),
      text()
        .trim()
        .max(500)
        .regex(/^https?:\/\/\S+$/, { error: 'counter_url_invalid' }),
    ])
    .default(''),
  last_verified_on: PlainDate,
  /** Desk-only hints (never on the public pages). */
  internal_notes: text().trim().max(1000).default(''),
  published: z.boolean().default(true),
}

type GuideShape = { statutory_days: number | null; promised_days: number; fee_fen: number; fee_basis: string }

function guideRules(g: GuideShape, ctx: z.RefinementCtx) {
  if (g.statutory_days !== null && g.statutory_days >= 0 && g.promised_days >= 0 && g.promised_days > g.statutory_days) {
    ctx.addIssue({ code: 'custom', path: ['promised_days'], message: 'counter_promised_exceeds_statutory' })
  }
  if (g.fee_fen > 0 && !g.fee_basis) ctx.addIssue({ code: 'custom', path: ['fee_basis'], message: 'counter_fee_basis_required' })
}

export const GuideInput = z.strictObject(guideFields).superRefine(guideRules)
export type GuideInput = z.infer<typeof GuideInput>

/** A new guide under the id its form made (a resend answers with the first guide). */
export const GuideCreate = z.strictObject({ ...guideFields, id: Id.optional() }).superRefine(guideRules)
export type GuideCreate = z.infer<typeof GuideCreate>

/** An edit carries the version it was based on, so two workers cannot overwrite each other. */
export const GuideUpdate = z
  .strictObject({ ...guideFields, base_version: z.number().int().min(1), change_note: text().trim().max(300).default('') })
  .superRefine(guideRules)
export type GuideUpdate = z.infer<typeof GuideUpdate>

const guideOut = {
  code: text(),
  name: text(),
  category: Category,
  applicants: text(),
  conditions: text(),
  materials: z.array(z.object({ name: text(), form: z.enum(MATERIAL_FORMS), copies: z.number(), notes: text() })),
  steps: z.array(text()),
  statutory_days: z.number().nullable(),
  promised_days: z.number(),
  fee_fen: z.number(),
  fee_basis: text(),
  legal_basis: text(),
  location: text(),
  visits_needed: z.number(),
  online_url: text(),
  last_verified_on: text(),
  /** Pinyin initials of the name, computed on the server when saved: `yl` finds 养老. */
  initials: text(),
  stale: z.boolean(),
}

/** What residents see: no internal notes, no editing metadata. */
export const GuidePublic = z.object(guideOut)
export type GuidePublic = z.infer<typeof GuidePublic>

export const Guide = z.object({
  ...guideOut,
  id: Id,
  internal_notes: text(),
  published: z.boolean(),
  version: z.number(),
  updated_at: text(),
  updated_by: text().nullable(),
})
export type Guide = z.infer<typeof Guide>

/** A guide's editable fields as saved in one version of its history (an old version may lack a later field). */
export const GuideSnapshot = Guide.omit({ id: true, version: true, updated_at: true, updated_by: true, initials: true, stale: true }).partial()
export type GuideSnapshot = z.infer<typeof GuideSnapshot>

export const GuideHistoryEntry = z.object({
  version: z.number(),
  changed_at: text(),
  changed_by: text().nullable(),
  change_note: text(),
  changed_fields: z.array(text()),
  snapshot: GuideSnapshot,
})
export type GuideHistoryEntry = z.infer<typeof GuideHistoryEntry>

export const PUBLIC_GUIDE_FIELDS = Object.keys(guideOut) as (keyof GuidePublic)[]

/** Keep only public fields (an allow-list, so a new internal field never leaks by default). */
export function toPublicGuide(g: GuidePublic & Record<string, unknown>): GuidePublic {
  return Object.fromEntries(PUBLIC_GUIDE_FIELDS.map((k) => [k, g[k]])) as GuidePublic
}

/** The fields whose value differs between two versions (for the change history). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
}

export const EDITABLE_GUIDE_FIELDS = Object.keys(guideFields)
