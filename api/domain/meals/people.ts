// Contracts of the residents who take part. Phone and ID number are checked on entry and leave the
// server masked; only an explicit, audited reveal returns them in full.
import { z } from 'zod'
import { text } from '../text.ts'
import { Id, Slug } from '../ids.ts'
import { isPlainDate } from '../time.ts'
import { Name } from './fields.ts'
import { isValidIdNumber, normalizeIdNumber } from './id-number.ts'
import { normalizeMobile } from './phone.ts'
import { Restriction, Restrictions } from './diet.ts'
import { MealsConsentInput, MealsConsentState } from '../privacy.ts'

export const Mobile = text()
  .refine((s) => normalizeMobile(s) !== undefined, { error: 'meals_phone_invalid' })
  .transform((s) => normalizeMobile(s)!)

/** Optional: an empty string means "none". */
export const IdNumber = text()
  .refine((s) => s.trim() === '' || isValidIdNumber(s), { error: 'meals_id_invalid' })
  .transform((s) => (s.trim() === '' ? null : normalizeIdNumber(s)))

export const BirthDate = text().refine((s) => isPlainDate(s) && s >= '1900-01-01', { error: 'meals_birth_invalid' })

export const SubscriberInput = z.strictObject({
  name: Name,
  phone: Mobile,
  community_id: Slug,
  building: text().trim().max(60).default(''),
  dietary_notes: text().trim().max(200).default(''),
  /** Allergies and diets the counter is warned about when it sells a day that does not suit them. */
  dietary_restrictions: Restrictions,
  birth_date: BirthDate.nullable().default(null),
  id_number: IdNumber.nullable().default(null),
  active: z.boolean().default(true),
  /** Consents the resident gives now, explained by the signed-in staff user; consents already held stay. */
  consent: MealsConsentInput,
})
export type SubscriberInput = z.infer<typeof SubscriberInput>

export const SubscriberCreate = SubscriberInput.extend({ id: Id.optional() })

/** What lists and ordinary reads return: never a full phone or ID number. */
export const Subscriber = z.object({
  id: Id,
  name: text(),
  phone_masked: text(),
  community_id: text(),
  building: text(),
  dietary_notes: text(),
  dietary_restrictions: z.array(Restriction),
  birth_date: text().nullable(),
  id_number_masked: text().nullable(),
  active: z.boolean(),
  created_at: text(),
  /** The consents in force; `service: null` on a record from before consent was recorded ("not recorded"). */
  consent: MealsConsentState.default({ service: null, health: null, id_number: null }),
  /** After a full withdrawal with tickets left: the anonymous code they are collected with. */
  pickup_code: text().nullable().default(null),
})
export type Subscriber = z.infer<typeof Subscriber>

/** One record opened on purpose by the meals staff. */
export const SubscriberRevealed = Subscriber.extend({ phone: text(), id_number: text().nullable() })
export type SubscriberRevealed = z.infer<typeof SubscriberRevealed>
