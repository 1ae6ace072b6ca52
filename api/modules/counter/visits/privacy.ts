// A resident's own visits, found by the keyed hash of their phone: exported on request (labelled, for a
// person to read) and anonymised when they withdraw consent, as retention anonymises them. The meals
// module calls these for a subscriber's phone, so one export or withdrawal covers both programmes.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Lang } from '#domain/messages.ts'
import { CONSENT_INFO, PURPOSES, type ConsentRecord, type ExportSection, type ResidentExport } from '#domain/privacy.ts'
import { EXPORT_WORDS, OUTCOME_LABELS } from '#domain/privacy-export.ts'
import { beijingIso } from '#domain/time.ts'
import { maskPhone, type Outcome } from '#domain/counter/visits.ts'
import type { SessionUser } from '../../../http/context.ts'
import { notFound } from '../../../http/problem.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { audit } from '../../../audit/audit.ts'
import { residentKey } from './service.ts'
import { anonymiseVisitIds } from './retention.ts'
import { consentRecords, heldConsents, withdrawConsents, type ConsentActor } from '../../../privacy/consents.ts'

/** Beijing wall time to the minute: '2026-12-07 08:30'. */
export const wallTime = (iso: string): string => beijingIso(iso).slice(0, 16).replace('T', ' ')

/** The keyed hash the visit log knows a phone by. */
export const visitorKey = (db: Kysely<DB>, sd: string, phone: string): Promise<string> => residentKey(db, sd, phone)

/** Ids of the visits tied to one resident, oldest first. */
export async function visitIdsOf(db: Kysely<DB>, sd: string, key: string): Promise<string[]> {
  const rows = await db.selectFrom('counter_visits').select('id').where('subdistrict_id', '=', sd).where('resident_key', '=', key).orderBy('at').execute()
  return rows.map((r) => r.id)
}

/** The resident's visits as a section of their export: when, where, which matters, outcome, note. */
export async function visitsSection(db: Kysely<DB>, sd: string, key: string | null, lang: Lang): Promise<ExportSection> {
  const w = EXPORT_WORDS[lang]
  const visits = !key
    ? []
    : await db
        .selectFrom('counter_visits as v')
        .leftJoin('communities as c', (j) => j.onRef('c.subdistrict_id', '=', 'v.subdistrict_id').onRef('c.id', '=', 'v.community_id'))
        .select(['v.id', 'v.at', 'c.name as community', 'v.outcome', 'v.outcome_note', 'v.is_return', 'v.duration_min'])
        .where('v.subdistrict_id', '=', sd)
        .where('v.resident_key', '=', key)
        .orderBy('v.at')
        .execute()
  const matters = visits.length
    ? await db
        .selectFrom('counter_visit_matters as m')
        .innerJoin('counter_guides as g', (j) => j.onRef('g.subdistrict_id', '=', 'm.subdistrict_id').onRef('g.id', '=', 'm.guide_id'))
        .select(['m.visit_id', 'g.name'])
        .where('m.subdistrict_id', '=', sd)
        .where(
          'm.visit_id',
          'in',
          visits.map((v) => v.id),
        )
        .execute()
    : []
  return {
    title: w.sections.visits,
    fields: [],
    columns: [w.visits.at, w.visits.community, w.visits.matters, w.visits.outcome, w.visits.note, w.visits.is_return, w.visits.minutes],
    rows: visits.map((v) => [
      wallTime(v.at),
      v.community ?? '',
      matters
        .filter((m) => m.visit_id === v.id)
        .map((m) => m.name)
        .sort()
        .join(lang === 'en' ? ', ' : '、'),
      OUTCOME_LABELS[lang][v.outcome as Outcome] ?? v.outcome,
      v.outcome_note,
      v.is_return ? w.yes : w.no,
      v.duration_min === null ? '' : String(v.duration_min),
    ]),
    empty: w.empty,
  }
}

/**
 * The resident withdrew consent: their visits lose hash, mask and note (the statistics stay) and their
 * counter consent ends. The caller holds the counter lock. Answers how many visits were anonymised.
 */
export async function withdrawVisitor(tx: Transaction<DB>, key: string, actor: ConsentActor, now: Date): Promise<number> {
  const ids = await visitIdsOf(tx, actor.subdistrict_id, key)
  await anonymiseVisitIds(tx, actor.subdistrict_id, ids, now)
  await withdrawConsents(tx, key, ['counter_phone'], actor, now)
  return ids.length
}

/** A visitor's own data by their phone: the counter consents and visits, labelled; audited. */
export async function exportVisitor(db: Kysely<DB>, user: SessionUser, phone: string, lang: Lang, now: Date): Promise<ResidentExport> {
  const sd = user.subdistrict_id
  const w = EXPORT_WORDS[lang]
  const key = await visitorKey(db, sd, phone)
  const visits = await visitsSection(db, sd, key, lang)
  const consents = await consentRecords(db, sd, [key])
  if (!visits.rows.length && !consents.some((c) => !c.withdrawn_at)) throw notFound('consent_resident_unknown')
  await audit(db, { actor: { id: user.id, subdistrict_id: sd }, action: 'export', entity: 'counter_resident', entity_id: key, at: now })
  return {
    title: w.title.replace('{name}', maskPhone(phone)),
    generated_at: wallTime(now.toISOString()),
    generated_by_name: user.display_name,
    sections: [
      {
        title: w.sections.person,
        fields: [{ label: w.person.phone, value: phone }],
        columns: [],
        rows: [],
        empty: null,
      },
      consentsSection(consents, lang),
      visits,
    ],
  }
}

/** A visitor withdraws consent at the counter: their visits are anonymised; audited. */
export async function withdrawVisitorByPhone(db: Kysely<DB>, user: SessionUser, phone: string, now: Date): Promise<{ counter_visits: number }> {
  const sd = user.subdistrict_id
  return db.transaction().execute(async (tx) => {
    await lockCounter(tx, sd)
    const key = await visitorKey(tx, sd, phone)
    const held = await heldConsents(tx, sd, key)
    const ids = await visitIdsOf(tx, sd, key)
    if (!ids.length && !held.size) throw notFound('consent_resident_unknown')
    const actor = { id: user.id, subdistrict_id: sd }
    const n = await withdrawVisitor(tx, key, actor, now)
    await audit(tx, { actor, action: 'withdraw', entity: 'counter_resident', entity_id: key, after: { scope: 'all', counter_visits: n }, at: now })
    return { counter_visits: n }
  })
}

/** The consents of a resident as a section of their export. */
export function consentsSection(consents: readonly ConsentRecord[], lang: Lang): ExportSection {
  const w = EXPORT_WORDS[lang]
  return {
    title: w.sections.consents,
    fields: [],
    columns: [w.consents.kind, w.consents.purposes, w.consents.granted_at, w.consents.explained_by, w.consents.withdrawn_at],
    rows: consents.map((c) => [
      CONSENT_INFO[c.kind].title[lang],
      c.purposes.map((p) => (PURPOSES as Record<string, Record<Lang, string>>)[p]?.[lang] ?? p).join(lang === 'en' ? '; ' : '；'),
      wallTime(c.granted_at),
      c.explained_by_name,
      c.withdrawn_at ? `${wallTime(c.withdrawn_at)} ${c.withdrawn_by_name ?? ''}`.trim() : '',
    ]),
    empty: w.empty,
  }
}
