// Server-only checks of what an agreement points at: its parties, linked reports and — once the
// hotspots table exists (migration 0007) — its hotspots. Each unknown id is named by path.
import { type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { AgreementInput } from '#domain/patrol/agreements.ts'
import { type FieldKey } from '../../../http/problem.ts'

let hotspotsTable: boolean | undefined

/** Whether migration 0007 (hotspots) ran here; asked once per process, in a dialect-neutral way. */
export async function hasHotspots(db: Kysely<DB> | Transaction<DB>): Promise<boolean> {
  if (hotspotsTable === undefined) {
    const tables = await db.introspection.getTables()
    hotspotsTable = tables.some((t) => t.name === 'patrol_hotspots')
  }
  return hotspotsTable
}

async function knownIds(db: Kysely<DB> | Transaction<DB>, table: string, sd: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await (db as unknown as Kysely<Record<string, { subdistrict_id: string; id: string }>>)
    .selectFrom(table)
    .select('id')
    .where('subdistrict_id', '=', sd)
    .where('id', 'in', [...ids])
    .execute()
  return new Set(rows.map((r) => r.id))
}

export async function linkIssues(tx: Transaction<DB>, sd: string, a: AgreementInput): Promise<FieldKey[]> {
  const issues: FieldKey[] = []
  const community = await tx.selectFrom('communities').select('id').where('subdistrict_id', '=', sd).where('id', '=', a.community_id).executeTakeFirst()
  if (!community) issues.push({ path: 'community_id', key: 'community_unknown' })
  const parties = await knownIds(
    tx,
    'patrol_parties',
    sd,
    a.parties.map((p) => p.party_id),
  )
  a.parties.forEach((p, i) => {
    if (!parties.has(p.party_id)) issues.push({ path: `parties.${i}.party_id`, key: 'party_unknown' })
  })
  const reports = await knownIds(tx, 'patrol_reports', sd, a.report_ids)
  a.report_ids.forEach((id, i) => {
    if (!reports.has(id)) issues.push({ path: `report_ids.${i}`, key: 'agreement_report_unknown' })
  })
  if (a.hotspot_ids.length && (await hasHotspots(tx))) {
    const hotspots = await knownIds(tx, 'patrol_hotspots', sd, a.hotspot_ids)
    a.hotspot_ids.forEach((id, i) => {
      if (!hotspots.has(id)) issues.push({ path: `hotspot_ids.${i}`, key: 'agreement_hotspot_unknown' })
    })
  }
  return issues
}

/** Display names of users, for "drafted by" and "checked by". */
export async function userNames(db: Kysely<DB> | Transaction<DB>, sd: string, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  if (!unique.length) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('subdistrict_id', '=', sd).where('id', 'in', unique).execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}
