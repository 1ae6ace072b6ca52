// Residents in the lunch program. Lists and reads mask phone and ID number; only reveal() returns one
// record in full, and it leaves a line in the audit log naming who opened it.
import type { SessionUser } from '../../../http/context.ts'
import { notFound, forbidden, fieldsProblem } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import { maskIdNumber } from '#domain/meals/id-number.ts'
import { maskMobile } from '#domain/meals/phone.ts'
import type { Subscriber, SubscriberInput, SubscriberRevealed } from '#domain/meals/people.ts'
import type { Selectable } from 'kysely'
import type { MealSubscribersTable } from '../tables.ts'
import { parseRestrictions } from '../dishes/service.ts'
import { assertCommunity } from '../communities.ts'
import { inTransaction, type Db } from '../../../db/handle.ts'
import { audit } from '../../../audit/audit.ts'
import { consentRecords, grantConsents, heldConsents } from '../../../privacy/consents.ts'
import { MEALS_CONSENT_FIELDS, mealsConsentIssues, type ConsentKind, type MealsConsentState } from '#domain/privacy.ts'

type SubscriberRow = Selectable<MealSubscribersTable>

const NO_CONSENT: MealsConsentState = { service: null, health: null, id_number: null }

/** The consents in force of these residents, by subscriber id. */
export async function consentStates(db: Db, sd: string, ids: readonly string[]): Promise<Map<string, MealsConsentState>> {
  const out = new Map<string, MealsConsentState>()
  const short = Object.fromEntries(Object.entries(MEALS_CONSENT_FIELDS).map(([f, k]) => [k, f])) as Record<ConsentKind, keyof MealsConsentState | undefined>
  for (let i = 0; i < ids.length; i += 500) {
    for (const { subject_id, ...c } of await consentRecords(db, sd, ids.slice(i, i + 500))) {
      const f = short[c.kind]
      if (!f || c.withdrawn_at) continue
      out.set(subject_id, { ...(out.get(subject_id) ?? NO_CONSENT), [f]: c })
    }
  }
  return out
}

export function toSubscriber(r: SubscriberRow, consent: MealsConsentState = NO_CONSENT): Subscriber {
  return {
    id: r.id,
    name: r.name,
    phone_masked: maskMobile(r.phone),
    community_id: r.community_id,
    building: r.building,
    dietary_notes: r.dietary_notes,
    dietary_restrictions: parseRestrictions(r.dietary_restrictions),
    birth_date: r.birth_date,
    id_number_masked: r.id_number ? maskIdNumber(r.id_number) : null,
    active: r.active === 1,
    created_at: r.created_at,
    consent,
    pickup_code: r.pickup_code,
  }
}

export async function listSubscribers(db: Db, sd: string, q?: { search?: string; community_id?: string }): Promise<Subscriber[]> {
  let query = db.selectFrom('meal_subscribers').selectAll().where('subdistrict_id', '=', sd)
  if (q?.community_id) query = query.where('community_id', '=', q.community_id)
  const rows = await query.orderBy('name').execute()
  const s = q?.search?.trim()
  // Search by name, building or the last four digits of the phone; never by full phone or ID number.
  const hit = (r: SubscriberRow) => !s || r.name.includes(s) || r.building.includes(s) || (s.length === 4 && r.phone.endsWith(s))
  const shown = rows.filter(hit)
  const consents = await consentStates(
    db,
    sd,
    shown.map((r) => r.id),
  )
  return shown.map((r) => toSubscriber(r, consents.get(r.id)))
}

export async function findSubscriberRow(db: Db, sd: string, id: string): Promise<SubscriberRow> {
  const row = await db.selectFrom('meal_subscribers').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('meals_subscriber_unknown')
  return row
}

export async function getSubscriber(db: Db, sd: string, id: string): Promise<Subscriber> {
  return toSubscriber(await findSubscriberRow(db, sd, id), (await consentStates(db, sd, [id])).get(id))
}

/** The fields an audit entry keeps; audit() masks phone, ID number and birth date before they are stored. */
const audited = (
  r: Pick<
    SubscriberRow,
    'id' | 'name' | 'phone' | 'community_id' | 'building' | 'dietary_notes' | 'dietary_restrictions' | 'birth_date' | 'id_number' | 'active'
  >,
) => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  community_id: r.community_id,
  building: r.building,
  dietary_notes: r.dietary_notes,
  dietary_restrictions: parseRestrictions(r.dietary_restrictions),
  birth_date: r.birth_date,
  id_number: r.id_number,
  active: r.active === 1,
})

/**
 * Creates or (for an id that exists) updates a resident; the change, the consents given with it and
 * their audit entries commit together. Registering needs the service consent; health data and the ID
 * number each need their own consent, held or given now (refused at the field otherwise).
 */
export async function saveSubscriber(
  db: Db,
  sd: string,
  id: string | undefined,
  input: SubscriberInput,
  now: Date,
  actorId: string | null = null,
): Promise<Subscriber> {
  await assertCommunity(db, sd, input.community_id)
  const at = now.toISOString()
  const values = {
    name: input.name,
    phone: input.phone,
    community_id: input.community_id,
    building: input.building,
    dietary_notes: input.dietary_notes,
    dietary_restrictions: JSON.stringify(input.dietary_restrictions),
    birth_date: input.birth_date,
    id_number: input.id_number,
    active: input.active ? 1 : 0,
    updated_at: at,
  }
  const actor = { id: actorId, subdistrict_id: sd }
  return inTransaction(db, async (tx) => {
    const before = id ? await tx.selectFrom('meal_subscribers').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst() : undefined
    // The service consent is needed to register, and to fill a record again once it was withdrawn; a record
    // from before consent was recorded (no consent row at all) can still be edited while the prompt stands.
    const history = before ? await consentRecords(tx, sd, [before.id]) : []
    const held = before ? await heldConsents(tx, sd, before.id) : new Set<ConsentKind>()
    const issues = mealsConsentIssues(input, held, !before || (history.length > 0 && !held.has('meals_service')))
    if (issues.length) throw fieldsProblem(issues)
    const given = (Object.keys(MEALS_CONSENT_FIELDS) as (keyof typeof MEALS_CONSENT_FIELDS)[])
      .filter((f) => input.consent[f])
      .map((f) => MEALS_CONSENT_FIELDS[f])
    if (before) {
      await grantConsents(tx, 'meal_subscriber', before.id, given, actor, now)
      await tx.updateTable('meal_subscribers').set(values).where('subdistrict_id', '=', sd).where('id', '=', before.id).execute()
      await audit(tx, {
        actor,
        action: 'update',
        entity: 'meal_subscriber',
        entity_id: before.id,
        before: audited(before),
        after: audited({ id: before.id, ...values }),
        at: now,
      })
      return getSubscriber(tx, sd, before.id)
    }
    const newId = id ?? uuidv7(now.getTime())
    await tx
      .insertInto('meal_subscribers')
      .values({ subdistrict_id: sd, id: newId, created_at: at, ...values })
      .execute()
    await audit(tx, { actor, action: 'create', entity: 'meal_subscriber', entity_id: newId, after: audited({ id: newId, ...values }), at: now })
    await grantConsents(tx, 'meal_subscriber', newId, given, actor, now)
    return getSubscriber(tx, sd, newId)
  })
}

export async function revealSubscriber(db: Db, user: SessionUser, id: string, now: Date): Promise<SubscriberRevealed> {
  if (user.role !== 'meals' && user.role !== 'admin') throw forbidden('meals_reveal_forbidden')
  const row = await findSubscriberRow(db, user.subdistrict_id, id)
  await db
    .insertInto('audit_log')
    .values({
      subdistrict_id: user.subdistrict_id,
      id: uuidv7(now.getTime()),
      at: now.toISOString(),
      actor_id: user.id,
      action: 'reveal',
      entity: 'meal_subscriber',
      entity_id: id,
      detail: null,
    })
    .execute()
  return { ...toSubscriber(row, (await consentStates(db, user.subdistrict_id, [id])).get(id)), phone: row.phone, id_number: row.id_number }
}
