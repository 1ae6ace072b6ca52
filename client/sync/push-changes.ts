// Sends pending outbox rows in batches, in the order they were made. Each row is marked as in flight
// (attempts+1) in the same transaction that reads it, so a newer edit never merges into a sent row.
import { PushResponse, type Mutation, type MutationResult } from '#domain/sync.ts'
import type { FieldError } from '#domain/messages.ts'
import type { OutboxRow } from '../db/outbox.ts'
import type { EngineDeps } from './types.ts'
import { ServerError } from './types.ts'
import { readAnswer, readProblem, syncFetch } from './sync-fetch.ts'
import { emitRecordsChanged, type RecordChange } from './records-changed.ts'
import { applySyncedCopy } from './apply-synced-copy.ts'
import { deviceId } from './device-id.ts'

const toMutation = (r: OutboxRow): Mutation => ({
  id: r.id,
  entity: r.entity,
  entity_id: r.entity_id,
  op: r.op,
  base_version: r.base_version,
  data: r.data,
  client_time: r.client_time,
})

async function takeBatch(deps: EngineDeps, size: number): Promise<OutboxRow[]> {
  const { db } = deps
  const user = deps.userId()
  return db.transaction('rw', db.outbox, db.media, async () => {
    const pending = await db.outbox.where('state').equals('pending').sortBy('id')
    const held = new Set<string>()
    const batch: OutboxRow[] = []
    for (const r of pending) {
      const key = `${r.entity}/${r.entity_id}`
      // Another user's work waits for that user; a row whose photo is not up yet waits, and so does
      // every later row of the same record, so a record's changes always arrive in order.
      let ready = r.user_id === user && !held.has(key)
      // A hash with no local row was uploaded before (or from another device): nothing to wait for.
      const photos = await Promise.all(r.media.map((h) => db.media.get(h)))
      const refused = photos.find((m) => m?.refused)
      if (ready && refused) {
        await db.outbox.update(r.id, {
          state: 'rejected',
          reason: refused.refused,
          errors: [{ path: 'media', message: refused.refused!, code: 'media_refused' }],
        })
        ready = false
      }
      if (photos.some((m) => m?.uploaded === 0)) ready = false
      if (!ready) {
        held.add(key)
        continue
      }
      batch.push(r)
      if (batch.length >= size) break
    }
    for (const r of batch) await db.outbox.update(r.id, { state: 'syncing', attempts: r.attempts + 1 })
    return batch
  })
}

async function release(deps: EngineDeps, batch: OutboxRow[]) {
  await deps.db.outbox
    .where('id')
    .anyOf(batch.map((r) => r.id))
    .and((r) => r.state === 'syncing')
    .modify({ state: 'pending' })
}

async function applyResults(deps: EngineDeps, batch: OutboxRow[], results: MutationResult[]): Promise<RecordChange[]> {
  const { db, now } = deps
  const byId = new Map(results.map((r) => [r.id, r]))
  const changes: RecordChange[] = []
  await db.transaction('rw', db.outbox, db.records, db.meta, async () => {
    for (const row of batch) {
      const res = byId.get(row.id)
      if (!res) await db.outbox.update(row.id, { state: 'pending' })
      else if (res.status === 'applied') {
        await db.outbox.delete(row.id)
        const have = await db.records.get([row.entity, row.entity_id])
        const version = res.version ?? (have?.version ?? 0) + 1
        const copy = { entity: row.entity, entity_id: row.entity_id, version, record: row.op === 'delete' ? null : (res.record ?? row.data) }
        if (await applySyncedCopy(db, copy, now)) changes.push(copy)
      } else if (res.status === 'conflict') {
        await db.outbox.update(row.id, { state: 'conflict', server_record: res.record ?? null, server_version: res.version ?? 0, reason: res.reason })
      } else {
        await db.outbox.update(row.id, { state: 'rejected', reason: res.reason, errors: res.errors ?? [] })
      }
    }
  })
  return changes
}

/** A 400 on the whole batch names the bad rows (`mutations.3.…`): those are rejected, the rest retried. */
async function rejectMalformed(deps: EngineDeps, batch: OutboxRow[], res: Response) {
  const problem = await readProblem(res)
  const bad = new Map<number, FieldError[]>()
  for (const e of problem?.errors ?? []) {
    const m = /^mutations\.(\d+)\.?(.*)$/.exec(e.path)
    if (m) bad.set(Number(m[1]), [...(bad.get(Number(m[1])) ?? []), { ...e, path: m[2] ?? '' }])
  }
  if (bad.size === 0) throw new ServerError(res.status, problem)
  await deps.db.transaction('rw', deps.db.outbox, async () => {
    for (const [i, row] of batch.entries()) {
      const errors = bad.get(i)
      await deps.db.outbox.update(row.id, errors ? { state: 'rejected', reason: problem?.detail ?? 'invalid', errors } : { state: 'pending' })
    }
  })
}

export async function pushChanges(deps: EngineDeps): Promise<number> {
  const device_id = await deviceId(deps.db)
  let sent = 0
  for (;;) {
    const batch = await takeBatch(deps, deps.batchSize ?? 100)
    if (batch.length === 0) return sent
    let res: Response
    try {
      res = await syncFetch(deps, '/api/sync/push', { method: 'POST', json: { device_id, mutations: batch.map(toMutation) } })
      if (res.status === 400) {
        await rejectMalformed(deps, batch, res)
        continue
      }
      if (!res.ok) throw new ServerError(res.status)
      const body = await readAnswer(res, PushResponse)
      await emitRecordsChanged(await applyResults(deps, batch, body.results))
    } catch (e) {
      await release(deps, batch)
      throw e
    }
    sent += batch.length
  }
}
