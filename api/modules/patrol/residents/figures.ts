// Residents' reports in figures for the monthly brief: those received in a period and what became of
// them (as they stand now), and the median time from receipt to the office's decision.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ResidentMonthFigures } from '#domain/patrol/resident.ts'

const HOUR_MS = 3_600_000

/**
 * Reports received in [fromIso, toIso), of one community when `communityId` is given: counted by
 * status; the median over those decided, in hours (one decimal), or null.
 */
export async function residentReportMonthFigures(
  db: Kysely<DB>,
  subdistrictId: string,
  fromIso: string,
  toIso: string,
  communityId: string | null = null,
): Promise<ResidentMonthFigures> {
  let q = db
    .selectFrom('resident_reports')
    .select(['status', 'received_at', 'decided_at'])
    .where('subdistrict_id', '=', subdistrictId)
    .where('received_at', '>=', fromIso)
    .where('received_at', '<', toIso)
  if (communityId) q = q.where('community_id', '=', communityId)
  const rows = await q.execute()
  const count = (s: string) => rows.filter((r) => r.status === s).length
  const hours = rows
    .filter((r) => r.decided_at)
    .map((r) => (Date.parse(r.decided_at!) - Date.parse(r.received_at)) / HOUR_MS)
    .sort((a, b) => a - b)
  const mid = hours.length >> 1
  const median = hours.length === 0 ? null : hours.length % 2 ? hours[mid]! : (hours[mid - 1]! + hours[mid]!) / 2
  return {
    received: rows.length,
    approved: count('approved'),
    merged: count('merged'),
    rejected: count('rejected'),
    pending: count('pending'),
    median_hours_to_decision: median === null ? null : Math.round(median * 10) / 10,
  }
}
