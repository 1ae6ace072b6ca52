// A multi-party agreement about one place (issue 5): who sits at the table, what each party commits
// to, the measure agreed, when it runs and is reviewed, and how each representative agreed.
import { z } from 'zod'
import { Id, Slug } from '../ids.ts'
import { Lat, Lng } from '../geo.ts'
import { defineMessages } from '../messages.ts'
import { isPlainDate } from '../time.ts'
import { Sha256 } from './report.ts'

defineMessages({
  agreement_title: { 'zh-CN': '请填写协议名称（最多 80 个字）', en: 'Enter a title (at most 80 characters)' },
  agreement_measure: { 'zh-CN': '请填写商定的措施（最多 1000 个字）', en: 'Describe the agreed measure (at most 1000 characters)' },
  agreement_parties_min: { 'zh-CN': '协议至少需要两个参与方', en: 'An agreement needs at least two parties' },
  agreement_parties_max: { 'zh-CN': '参与方最多 12 个', en: 'At most 12 parties' },
  agreement_party_duplicate: { 'zh-CN': '同一单位重复添加', en: 'The same organisation was added twice' },
  agreement_party_required: { 'zh-CN': '请选择参与方单位', en: 'Choose the organisation' },
  agreement_commitment_party: { 'zh-CN': '每项承诺都须指定一个参与方', en: 'Each commitment must name one of the parties' },
  agreement_commitment_text: { 'zh-CN': '请填写承诺内容（最多 200 个字）', en: 'Write the commitment (at most 200 characters)' },
  agreement_commitments_min: { 'zh-CN': '至少填写一项承诺', en: 'Add at least one commitment' },
  agreement_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' },
  agreement_review_before_effective: { 'zh-CN': '复查日期不能早于生效日期', en: 'The review date cannot be before the effective date' },
  agreement_status: { 'zh-CN': '协议状态不正确', en: 'Invalid agreement status' },
  agreement_status_change: { 'zh-CN': '不允许这样变更协议状态', en: 'This status change is not allowed' },
  agreement_signature_required: {
    'zh-CN': '生效前须由该方代表签名或记录口头同意及见证人',
    en: 'Before it takes effect, this party must sign or be recorded as agreeing verbally with a witness',
  },
  agreement_witness: { 'zh-CN': '请填写见证人（最多 40 个字）', en: 'Enter the witness (at most 40 characters)' },
  agreement_representative: { 'zh-CN': '代表姓名最多 30 个字', en: 'Representative: at most 30 characters' },
  agreement_photos_max: { 'zh-CN': '最多 12 张照片', en: 'At most 12 photos' },
  agreement_address: { 'zh-CN': '地点描述最多 200 个字', en: 'Place: at most 200 characters' },
  agreement_note: { 'zh-CN': '备注最多 1000 个字', en: 'Note: at most 1000 characters' },
  agreement_links_max: { 'zh-CN': '关联的热点或上报过多', en: 'Too many linked hotspots or reports' },
  agreement_unknown: { 'zh-CN': '协议不存在', en: 'Unknown agreement' },
  agreement_hotspot_unknown: { 'zh-CN': '关联的热点不存在', en: 'A linked hotspot does not exist' },
  agreement_report_unknown: { 'zh-CN': '关联的巡查上报不存在', en: 'A linked report does not exist' },
  agreement_inspector_draft_only: {
    'zh-CN': '巡查员只能起草协议，生效须由协调员确认',
    en: 'Inspectors may only draft; a coordinator puts the agreement into effect',
  },
  agreement_delete_unsupported: { 'zh-CN': '协议不能删除，可将状态改为“已终止”', en: 'Agreements cannot be deleted; end them instead' },
})

export const AGREEMENT_STATUSES = ['draft', 'active', 'breached', 'ended'] as const
export const AgreementStatus = z.enum(AGREEMENT_STATUSES, { error: 'agreement_status' })
export type AgreementStatus = z.infer<typeof AgreementStatus>

const PlainDate = z.string({ error: 'agreement_date' }).refine(isPlainDate, { error: 'agreement_date' })
const Instant = z.iso.datetime({ offset: true, error: 'agreement_date' })

/** Drawn on the device (a PNG uploaded as media) or agreed verbally before a named witness. */
export const Signature = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('drawn'), media: Sha256, signed_at: Instant }),
    z.strictObject({
      kind: z.literal('verbal'),
      witness: z.string({ error: 'agreement_witness' }).trim().min(1, { error: 'agreement_witness' }).max(40, { error: 'agreement_witness' }),
      signed_at: Instant,
    }),
  ],
  { error: 'agreement_signature_required' },
)
export type Signature = z.infer<typeof Signature>

export const AgreementParty = z.strictObject({
  party_id: Id.or(z.literal('')).refine((v) => v !== '', { error: 'agreement_party_required' }),
  representative: z.string().trim().max(30, { error: 'agreement_representative' }).default(''),
  signature: Signature.nullable().default(null),
})
export type AgreementParty = z.infer<typeof AgreementParty>

export const Commitment = z.strictObject({
  party_id: z.string({ error: 'agreement_commitment_party' }).nullable().default(null),
  text: z.string({ error: 'agreement_commitment_text' }).trim().min(1, { error: 'agreement_commitment_text' }).max(200, { error: 'agreement_commitment_text' }),
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
  title: z.string({ error: 'agreement_title' }).trim().min(1, { error: 'agreement_title' }).max(80, { error: 'agreement_title' }),
  community_id: Slug,
  location: z.strictObject({ lat: Lat, lng: Lng, address: z.string().trim().max(200, { error: 'agreement_address' }).default('') }),
  hotspot_ids: z.array(Id).max(20, { error: 'agreement_links_max' }).default([]),
  report_ids: z.array(Id).max(50, { error: 'agreement_links_max' }).default([]),
  measure: z.string({ error: 'agreement_measure' }).trim().min(1, { error: 'agreement_measure' }).max(1000, { error: 'agreement_measure' }),
  effective_date: PlainDate,
  review_date: PlainDate.nullable().default(null),
  status: AgreementStatus.default('draft'),
  parties: z.array(AgreementParty, { error: 'agreement_parties_min' }).min(2, { error: 'agreement_parties_min' }).max(12, { error: 'agreement_parties_max' }),
  commitments: z.array(Commitment).min(1, { error: 'agreement_commitments_min' }).max(60),
  photos: z.array(Sha256).max(12, { error: 'agreement_photos_max' }).default([]),
  note: z.string().trim().max(1000, { error: 'agreement_note' }).default(''),
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
