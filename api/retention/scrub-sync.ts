// Copies of anonymised records live on in the sync tables too: every change_log row devices pull and
// the stored result of the push that made it. Both are rewritten in place, and devices that already
// hold the record get the anonymised copy as a new change (same version: a device takes it, see
// client/sync/apply-synced-copy.ts). The caller holds the subdistrict's counter lock.
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { appendChange } from '../sync/change-log.ts'

export type Scrub = (record: Record<string, unknown>) => Record<string, unknown>

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Returns how many records were re-sent to devices. */
export async function scrubSynced(tx: Transaction<DB>, sd: string, entity: string, ids: readonly string[], scrub: Scrub, now: Date): Promise<number> {
  let resent = 0
  for (const part of chunks(ids)) {
    const rows = await tx
      .selectFrom('change_log')
      .select(['seq', 'entity_id', 'community_id', 'op', 'version', 'record'])
      .where('subdistrict_id', '=', sd)
      .where('entity', '=', entity)
      .where('entity_id', 'in', part)
      .orderBy('seq')
      .execute()
    const latest = new Map<string, (typeof rows)[number] & { scrubbed: Record<string, unknown> | null }>()
    for (const row of rows) {
      const parsed: unknown = row.record === null ? null : JSON.parse(row.record)
      const scrubbed = isRecord(parsed) ? scrub(parsed) : null
      if (scrubbed)
        await tx
          .updateTable('change_log')
          .set({ record: JSON.stringify(scrubbed) })
          .where('subdistrict_id', '=', sd)
          .where('seq', '=', row.seq)
          .execute()
      latest.set(row.entity_id, { ...row, scrubbed })
    }
    for (const [id, row] of latest) {
      if (row.op !== 'put' || !row.scrubbed) continue // deleted on devices already
      await appendChange(tx, sd, { entity, entity_id: id, community_id: row.community_id, op: 'put', version: Number(row.version), record: row.scrubbed }, now)
      resent++
    }
    const results = await tx
      .selectFrom('applied_mutations')
      .select(['mutation_id', 'result'])
      .where('subdistrict_id', '=', sd)
      .where('entity', '=', entity)
      .where('entity_id', 'in', part)
      .execute()
    for (const r of results) {
      const parsed: unknown = JSON.parse(r.result)
      if (!isRecord(parsed) || !isRecord(parsed.record)) continue
      await tx
        .updateTable('applied_mutations')
        .set({ result: JSON.stringify({ ...parsed, record: scrub(parsed.record) }) })
        .where('subdistrict_id', '=', sd)
        .where('mutation_id', '=', r.mutation_id)
        .execute()
    }
  }
  return resent
}
