// Concurrent pushes with a pull following along: every push applied, the follower sees every change
// once with no gap, and each push's changes stand together in the log, in the push's order.
import { expect } from 'vitest'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Mutation, MutationResult, PullResponse } from '#domain/sync.ts'

export async function pushWhileFollowing(o: {
  db: Kysely<DB>
  subdistrictId: string
  /** The subdistrict's seq before the pushes. */
  start: number
  batches: Mutation[][]
  /** One pull page from a cursor (any process). */
  pull: (cursor: number, round: number) => Response | Promise<Response>
  push: (batch: Mutation[], i: number) => Promise<MutationResult[]>
}): Promise<{ seq: number; entity_id: string }[]> {
  const seen: number[] = []
  let cursor = o.start
  let done = false
  const follow = (async () => {
    for (let round = 0; round < 2000; round++) {
      const finished = done
      const page = (await (await o.pull(cursor, round)).json()) as PullResponse
      for (const c of page.changes) seen.push(c.seq)
      cursor = Number(page.cursor)
      if (finished && !page.more) return
    }
  })()
  const out = await Promise.all(o.batches.map(o.push))
  done = true
  await follow
  expect(out.flat().every((r) => r.status === 'applied')).toBe(true)
  const total = o.batches.flat().length
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => o.start + 1 + i))
  const log = await o.db
    .selectFrom('change_log')
    .select(['seq', 'entity_id'])
    .where('subdistrict_id', '=', o.subdistrictId)
    .where('seq', '>', o.start)
    .orderBy('seq')
    .execute()
  expect(log).toHaveLength(total)
  for (const b of o.batches) {
    const at = log.findIndex((r) => r.entity_id === b[0]!.entity_id)
    expect(log.slice(at, at + b.length).map((r) => r.entity_id)).toEqual(b.map((m) => m.entity_id))
  }
  return log.map((r) => ({ seq: Number(r.seq), entity_id: r.entity_id }))
}
