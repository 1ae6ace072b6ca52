// A multi-party agreement about one place: who sits at the table, what each party commits
// to, the measure agreed, when it runs and is reviewed, and how each representative agreed.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { Lat, Lng } from '../geo.ts'
import { isPlainDate } from '../time.ts'
import { Sha256 } from './report.ts'
import type { HotspotStatus } from './workflow.ts'
import { ClearingTerms } from './operator-tasks.ts'

export const AGREEMENT_STATUSES = ['draft', 'active', 'breached', 'ended'] as const
export const AgreementStatus = z.enum(AGREEMENT_STATUSES, { error: 'agreement_status' })
export type AgreementStatus = z.infer<typeof AgreementStatus>

const PlainDate = text({ error: 'agreement_date' }).refine(isPlainDate, { error: 'agreement_date' })
const Instant = z.iso.datetime({ offset: true, error: 'agreement_date' })

/** Drawn on the device (a PNG uploaded as media) or agreed verbally before a named witness. */
export const Signature = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('drawn'), media: Sha256, signed_at: Instant }),
    z.strictObject({
      kind: z.literal('verbal'),
      witness: text({ error: 'agreement_witness' }).trim().min(1, { error: 'agreement_witness' }).max(40, { error: 'agreement_witness' }),
      signed_at: Instant,
    }),
  ],
  { error: 'agreement_signature_required' },
)
export type Signature = z.infer<typeof Signature>

export const AgreementParty = z.strictObject({
  party_id: Id.or(z.literal('')).refine((v) => v !== '', { error: 'agreement_party_required' }),
  representative: text().trim().max(30, { error: 'agreement_representative' }).default(''),
  signature: Signature.nullable().default(null),
})
export type AgreementParty = z.infer<typeof AgreementParty>

export const Commitment = z.strictObject({
  party_id: text({ error: 'agreement_commitment_party' }).nullable().default(null),
  text: text({ error: 'agreement_commitment_text' }).trim().min(1, { error: 'agreement_commitment_text' }).max(200, { error: 'agreement_commitment_text' }),
  /** For an operator's commitment: clear their vehicles within a time, counted inside a daily window. */
  clearing: ClearingTerms.nullable().default(null),
})
export type Commitment = z.infer<typeof Commitment>

/** Status changes a coordinator may make; breaches also come from compliance checks. */
const TRANSITIONS: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['draft', 'active', 'ended'],
  active: ['active', 'breached', 'ended'],
  breached: ['breached', 'active', 'ended'],
  ended: ['ended'],
}
export function mayChangeStatus(from: AgreementStatus, to: AgreementStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

const fields = {
  title: text({ error: 'agreement_title' }).trim().min(1, { error: 'agreement_title' }).max(80, { error: 'agreement_title' }),
  community_id: Slug,
  location: z.strictObject({ lat: Lat, lng: Lng, address: text().trim().max(200, { error: 'agreement_address' }).default('') }),
  hotspot_ids: z.array(Id).max(20, { error: 'agreement_links_max' }).default([]),
  report_ids: z.array(Id).max(50, { error: 'agreement_links_max' }).default([]),
  measure: text({ error: 'agreement_measure' }).trim().min(1, { error: 'agreement_measure' }).max(1000, { error: 'agreement_measure' }),
  effective_date: PlainDate,
  review_date: PlainDate.nullable().default(null),
  status: AgreementStatus.default('draft'),
  parties: z.array(AgreementParty, { error: 'agreement_parties_min' }).min(2, { error: 'agreement_parties_min' }).max(12, { error: 'agreement_parties_max' }),
  commitments: z.array(Commitment).min(1, { error: 'agreement_commitments_min' }).max(60),
  photos: z.array(Sha256).max(12, { error: 'agreement_photos_max' }).default([]),
  note: text().trim().max(1000, { error: 'agreement_note' }).default(''),
}

/** Data of an `agreement` put mutation (sync) — the whole agreement, as the device last saw it. */
export const AgreementInput = z.strictObject(fields).superRefine((a, ctx) => {
  if (a.review_date && a.review_date < a.effective_date) {
    ctx.addIssue({ code: 'custom', path: ['review_date'], message: 'agreement_review_before_effective', input: a.review_date })
  }
  const seen = new Set<string>()
  a.parties.forEach((p, i) => {
    if (p.party_id && seen.has(p.party_id))
      ctx.addIssue({ code: 'custom', path: ['parties', i, 'party_id'], message: 'agreement_party_duplicate', input: p.party_id })
    seen.add(p.party_id)
    if (a.status !== 'draft' && !p.signature)
      ctx.addIssue({ code: 'custom', path: ['parties', i, 'signature'], message: 'agreement_signature_required', input: null })
  })
  a.commitments.forEach((c, i) => {
    if (!c.party_id || !seen.has(c.party_id))
      ctx.addIssue({ code: 'custom', path: ['commitments', i, 'party_id'], message: 'agreement_commitment_party', input: c.party_id })
  })
})
export type AgreementInput = z.infer<typeof AgreementInput>
export type AgreementInputRaw = z.input<typeof AgreementInput>

/** An agreement as the server keeps it and sends it (push results, pull, read routes). */
export const Agreement = z.object(fields).extend({
  id: Id,
  created_by: Id,
  created_by_name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.int(),
})
export type Agreement = z.infer<typeof Agreement>

/** Agreements whose review date has come (or passed) on a business date: shown first on the list. */
export function reviewDue(a: Pick<AgreementInput, 'status' | 'review_date'>, today: string): boolean {
  return (a.status === 'active' || a.status === 'breached') && a.review_date !== null && a.review_date <= today
}

/** In force: the parties are bound by it (a breach does not end it). */
export const inForce = (s: AgreementStatus): boolean => s === 'active' || s === 'breached'

/**
 * A hotspot's status follows the agreements about it: one in force puts it under agreement; a draft
 * means negotiating; once its agreement has ended it is watched again. Otherwise the coordinator's
 * status stands.
 */
export function hotspotStatusFor(current: HotspotStatus, linked: readonly AgreementStatus[]): HotspotStatus {
  if (linked.some(inForce)) return 'agreement'
  if (linked.includes('draft')) return current === 'new' || current === 'watching' || current === 'agreement' ? 'negotiating' : current
  return current === 'agreement' ? 'watching' : current
}
