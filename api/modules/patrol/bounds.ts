// When and where a patrol record says it was made, checked against the server clock and the
// subdistrict's area before anything is written (the device's clock and GPS are not trusted blindly).
import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { insideSubdistrict, timeIssue } from '#domain/bounds.ts'
import { fieldsProblem, type FieldKey } from '../../http/problem.ts'
import { txMemo } from '../../db/tx-memo.ts'

export interface Claim {
  times?: { path: string; at: string }[]
  positions?: { path: string; at: { lat: number; lng: number } }[]
}

/** Rejects (400, one error per field) a time outside the server's window or a position outside the subdistrict. */
export async function assertPlausible(tx: Transaction<DB>, sd: string, now: Date, claim: Claim): Promise<void> {
  const issues: FieldKey[] = []
  for (const t of claim.times ?? []) {
    const key = timeIssue(t.at, now)
    if (key) issues.push({ path: t.path, key })
  }
  if (claim.positions?.length) {
    const sub = await txMemo(tx, `subdistrict-centre:${sd}`, () =>
      tx.selectFrom('subdistricts').select(['center_lat', 'center_lng']).where('id', '=', sd).executeTakeFirst(),
    )
    const center = sub ? { lat: Number(sub.center_lat), lng: Number(sub.center_lng) } : undefined
    for (const p of claim.positions) if (!center || !insideSubdistrict(p.at, center)) issues.push({ path: p.path, key: 'position_outside' })
  }
  if (issues.length) throw fieldsProblem(issues, { detail: issues[0]!.key })
}
