// The organisations that sit at the table when a pavement is shared: property management, merchants,
// bike-share operators, delivery platforms, the community office. Contacts carry validated phones.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id } from '../ids.ts'
import { maskPhone, normalizePhone } from '../phone.ts'

export const PARTY_KINDS = ['property', 'merchant', 'bike_operator', 'delivery_platform', 'community_office', 'other'] as const
export const PartyKind = z.enum(PARTY_KINDS, { error: 'party_kind' })
export type PartyKind = z.infer<typeof PartyKind>

/** A phone in any common shape; stored in its normal form (13812345678 / 01065432100). */
export const Phone = text({ error: 'party_phone' }).transform((s, ctx) => {
  const n = normalizePhone(s)
  if (!n) ctx.addIssue({ code: 'custom', message: 'party_phone', input: s })
  return n ?? s
})

export const Contact = z.strictObject({
  name: text({ error: 'party_contact_name' }).trim().min(1, { error: 'party_contact_name' }).max(30, { error: 'party_contact_name' }),
  title: text().trim().max(30, { error: 'party_contact_title' }).default(''),
  phone: Phone,
})
export type Contact = z.infer<typeof Contact>

export const PartyInput = z.strictObject({
  id: Id.optional(),
  name: text({ error: 'party_name' }).trim().min(1, { error: 'party_name' }).max(60, { error: 'party_name' }),
  kind: PartyKind,
  /** For operators and platforms: the id on the patrol operator list (counts on reports link here). */
  operator_id: text()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'party_operator' })
    .nullable()
    .default(null),
  contacts: z.array(Contact).max(5, { error: 'party_contacts_max' }).default([]),
  note: text().trim().max(500, { error: 'party_note' }).default(''),
})
export type PartyInput = z.infer<typeof PartyInput>
export type PartyInputRaw = z.input<typeof PartyInput>

export const Party = z.object({
  id: Id,
  name: text(),
  kind: PartyKind,
  operator_id: text().nullable(),
  contacts: z.array(z.object({ name: text(), title: text(), phone: text() })),
  note: text(),
  updated_at: text(),
  version: z.number().int(),
})
export type Party = z.infer<typeof Party>

/** The same party for a list: every phone masked. */
export function maskParty<P extends { contacts: readonly { name: string; title: string; phone: string }[] }>(p: P): P {
  return { ...p, contacts: p.contacts.map((c) => ({ ...c, phone: maskPhone(c.phone) })) }
}
