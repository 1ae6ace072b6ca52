// Reading agreements: the list (with each one's compliance rate and whether it needs follow-up) and
// one agreement with its parties, checks, rate over time and linked zones. Inspectors see their communities.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import type { AgreementStatus } from '#domain/patrol/agreements.ts'
import { reviewDue } from '#domain/patrol/agreements.ts'
import { combinedCompliance, complianceRate, complianceSeries, followUpFor, partyRates, type ComplianceCheck } from '#domain/patrol/compliance.ts'
import { maskParty } from '#domain/patrol/parties.ts'
import type { AgreementDetail, AgreementSummary } from '#domain/patrol/agreement-views.ts'
import { businessDate } from '#domain/time.ts'
import { userNames } from './links.ts'
import { agreementOf, checkOf } from './rows.ts'
import { parseJson } from '../problems.ts'
import { partyOf } from '../parties/service.ts'
import { agreementClearing } from '../operator-tasks/queries.ts'

function scoped(user: SessionUser) {
  return user.role === 'inspector' ? user.community_ids : null
}

async function checksOf(db: Kysely<DB>, sd: string, agreementIds: readonly string[]): Promise<ComplianceCheck[]> {
  if (!agreementIds.length) return []
  const rows = await db
    .selectFrom('patrol_compliance_checks')
    .selectAll()
    .where('subdistrict_id', '=', sd)
    .where('agreement_id', 'in', [...agreementIds])
    .orderBy('checked_at', 'desc')
    .execute()
  const names = await userNames(
    db,
    sd,
    rows.map((r) => r.inspector_id),
  )
  return rows.map((r) => checkOf(r, names.get(r.inspector_id) ?? ''))
}

export async function listAgreements(
  db: Kysely<DB>,
  user: SessionUser,
  now: Date,
  filter: { status?: AgreementStatus; community_id?: string },
): Promise<AgreementSummary[]> {
  const sd = user.subdistrict_id
  let q = db.selectFrom('patrol_agreements').selectAll().where('subdistrict_id', '=', sd)
  const communities = scoped(user)
  if (communities) q = q.where('community_id', 'in', communities.length ? communities : ['-'])
  if (filter.status) q = q.where('status', '=', filter.status)
  if (filter.community_id) q = q.where('community_id', '=', filter.community_id)
  const rows = await q.orderBy('updated_at', 'desc').execute()
  const [names, checks, parties] = await Promise.all([
    userNames(
      db,
      sd,
      rows.map((r) => r.created_by),
    ),
    checksOf(
      db,
      sd,
      rows.map((r) => r.id),
    ),
    db.selectFrom('patrol_parties').select(['id', 'name']).where('subdistrict_id', '=', sd).execute(),
  ])
  const partyName = new Map(parties.map((p) => [p.id, p.name]))
  const today = businessDate(now)
  return rows.map((r) => {
    const a = agreementOf(r, names.get(r.created_by) ?? '')
    const mine = checks.filter((c) => c.agreement_id === a.id)
    return {
      ...a,
      party_names: a.parties.map((p) => partyName.get(p.party_id) ?? ''),
      compliance_rate: complianceRate(mine),
      checks: mine.length,
      last_checked_at: mine[0]?.checked_at ?? null,
      follow_up: a.status === 'breached' || followUpFor(mine) !== null,
      review_due: reviewDue(a, today),
    }
  })
}

/** Whether the agreement exists and the user may read it (an inspector: in one of their communities). */
export async function mayReadAgreement(db: Kysely<DB>, user: SessionUser, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('patrol_agreements')
    .select('community_id')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('id', '=', id)
    .executeTakeFirst()
  const communities = scoped(user)
  return !!row && (!communities || communities.includes(row.community_id))
}

export async function getAgreement(db: Kysely<DB>, user: SessionUser, now: Date, id: string): Promise<AgreementDetail | undefined> {
  const sd = user.subdistrict_id
  const row = await db.selectFrom('patrol_agreements').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
  const communities = scoped(user)
  if (!row || (communities && !communities.includes(row.community_id))) return undefined
  const names = await userNames(db, sd, [row.created_by])
  const agreement = agreementOf(row, names.get(row.created_by) ?? '')
  const partyIds = agreement.parties.map((p) => p.party_id)
  const [partyRows, checks, zones, clearing] = await Promise.all([
    partyIds.length ? db.selectFrom('patrol_parties').selectAll().where('subdistrict_id', '=', sd).where('id', 'in', partyIds).execute() : [],
    checksOf(db, sd, [id]),
    db
      .selectFrom('patrol_zones')
      .select(['id', 'lineage_id', 'name', 'status', 'capacity', 'geometry'])
      .where('subdistrict_id', '=', sd)
      .where('agreement_id', '=', id)
      .where('superseded_by', 'is', null)
      .execute(),
    agreementClearing(db, sd, id, now),
  ])
  const office = user.role === 'coordinator' || user.role === 'admin'
  const parties = partyRows.map((r) => (office ? partyOf(r) : maskParty(partyOf(r))))
  return {
    agreement,
    parties,
    checks,
    compliance_rate: complianceRate(checks),
    series: complianceSeries(checks),
    party_rates: partyRates(checks),
    follow_up: followUpFor(checks),
    zones: zones.map((z) => ({ ...z, capacity: Number(z.capacity), geometry: parseJson(z.geometry, { type: 'Polygon' as const, coordinates: [] }) })),
    review_due: reviewDue(agreement, businessDate(now)),
    clearing,
    combined_rate: combinedCompliance(complianceRate(checks), clearing.on_time_share),
  }
}
