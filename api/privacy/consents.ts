// Residents' consents: given (with the purposes of its kind, who explained it, when), read back, and
// withdrawn. Every grant and withdrawal leaves an audit entry in the same transaction. The modules call
// these for their own residents: meals by subscriber id, the counter by the keyed hash of a phone.
import { CONSENT_INFO, type ConsentKind, type ConsentRecord } from '#domain/privacy.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Db } from '../db/handle.ts'
import { audit } from '../audit/audit.ts'

export type ConsentSubject = 'meal_subscriber' | 'counter_resident'

export interface ConsentActor {
  id: string | null
  subdistrict_id: string
}

/** The kinds of consent in force for one resident. */
export async function heldConsents(db: Db, sd: string, subjectId: string): Promise<Set<ConsentKind>> {
  const rows = await db
    .selectFrom('resident_consents')
    .select('kind')
    .where('subdistrict_id', '=', sd)
    .where('subject_id', '=', subjectId)
    .where('withdrawn_at', 'is', null)
    .execute()
  return new Set(rows.map((r) => r.kind as ConsentKind))
}

/** Every consent of these residents, oldest first, with the names of who explained and who withdrew. */
export async function consentRecords(db: Db, sd: string, subjectIds: readonly string[]): Promise<(ConsentRecord & { subject_id: string })[]> {
  if (!subjectIds.length) return []
  const rows = await db
    .selectFrom('resident_consents as c')
    .leftJoin('users as e', (j) => j.onRef('e.id', '=', 'c.explained_by'))
    .leftJoin('users as w', (j) => j.onRef('w.id', '=', 'c.withdrawn_by'))
    .select([
      'c.id',
      'c.subject_id',
      'c.kind',
      'c.purposes',
      'c.granted_at',
      'c.withdrawn_at',
      'e.display_name as explained_by_name',
      'w.display_name as withdrawn_by_name',
    ])
    .where('c.subdistrict_id', '=', sd)
    .where('c.subject_id', 'in', [...subjectIds])
    .orderBy('c.granted_at')
    .orderBy('c.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    subject_id: r.subject_id,
    kind: r.kind as ConsentKind,
    purposes: JSON.parse(r.purposes) as string[],
    granted_at: r.granted_at,
    explained_by_name: r.explained_by_name ?? '',
    withdrawn_at: r.withdrawn_at,
    withdrawn_by_name: r.withdrawn_at ? (r.withdrawn_by_name ?? '') : null,
  }))
}

/** Records the consents not already in force; answers the kinds it recorded. */
export async function grantConsents(
  tx: Db,
  subject: ConsentSubject,
  subjectId: string,
  kinds: readonly ConsentKind[],
  actor: ConsentActor,
  now: Date,
): Promise<ConsentKind[]> {
  const sd = actor.subdistrict_id
  const held = await heldConsents(tx, sd, subjectId)
  const added: ConsentKind[] = []
  for (const kind of new Set(kinds)) {
    if (held.has(kind)) continue
    const id = uuidv7(now.getTime())
    const purposes = [...CONSENT_INFO[kind].purposes]
    await tx
      .insertInto('resident_consents')
      .values({
        subdistrict_id: sd,
        id,
        subject,
        subject_id: subjectId,
        kind,
        purposes: JSON.stringify(purposes),
        granted_at: now.toISOString(),
        explained_by: actor.id,
        withdrawn_at: null,
        withdrawn_by: null,
      })
      .execute()
    await audit(tx, {
      actor,
      action: 'consent_grant',
      entity: 'resident_consent',
      entity_id: id,
      after: { subject, subject_id: subjectId, kind, purposes },
      at: now,
    })
    added.push(kind)
  }
  return added
}

/** Ends the consents of these kinds in force for one resident (all kinds when none are named); answers how many ended. */
export async function withdrawConsents(tx: Db, subjectId: string, kinds: readonly ConsentKind[] | 'all', actor: ConsentActor, now: Date): Promise<number> {
  const sd = actor.subdistrict_id
  let q = tx
    .selectFrom('resident_consents')
    .select(['id', 'subject', 'kind'])
    .where('subdistrict_id', '=', sd)
    .where('subject_id', '=', subjectId)
    .where('withdrawn_at', 'is', null)
  if (kinds !== 'all') q = q.where('kind', 'in', kinds.length ? [...kinds] : ['-'])
  const rows = await q.execute()
  for (const r of rows) {
    await tx
      .updateTable('resident_consents')
      .set({ withdrawn_at: now.toISOString(), withdrawn_by: actor.id })
      .where('subdistrict_id', '=', sd)
      .where('id', '=', r.id)
      .execute()
    await audit(tx, {
      actor,
      action: 'consent_withdraw',
      entity: 'resident_consent',
      entity_id: r.id,
      before: { subject: r.subject, subject_id: subjectId, kind: r.kind, withdrawn: false },
      after: { subject: r.subject, subject_id: subjectId, kind: r.kind, withdrawn: true },
      at: now,
    })
  }
  return rows.length
}
