// One tap on Save as the inspector feels it: the latency of one saveSighting (client/db/sightings.ts: the
// report and its outbox row in one strict-durability Dexie transaction, from the capture draft the form
// keeps on the device, as the app saves) with 1 000 changes already waiting in the outbox, beside a bare Dexie put in its own transaction on the same database, the two
// interleaved so the machine's noise falls on both. The driver opens this page in an on-disk profile.
import type { ReportInput } from '#domain/patrol/report.ts'
import { db } from '../../client/db/database.ts'
import { saveSighting, type LocalReport } from '../../client/db/sightings.ts'
import type { OutboxRow } from '../../client/db/rows.ts'
import { newDraft } from '../../client/patrol/draft.ts'

function uuid(i: number): string {
  const hex = (Date.now().toString(16).padStart(12, '0') + i.toString(16).padStart(20, '0')).slice(0, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function reportData(i: number): ReportInput {
  return {
    position: { lat: 39.8902 + (i % 50) * 0.0001, lng: 116.4722 + (i % 40) * 0.0001, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: `九龙南社区 基准测试 ${i}`,
    kind: 'shared_bike',
    counts: { 'bike-a': 1 + (i % 9), 'bike-b': i % 4 },
    blocked_share: 0.5,
    clear_width_m: 1.2,
    photos: [],
    note: '',
    observed_at: new Date().toISOString(),
  }
}

const localOf = (id: string, data: ReportInput): LocalReport => ({
  ...data,
  id,
  status: 'open',
  version: 0,
  reporter_id: 'bench',
  reporter_name: '基准',
  received_at: null,
})

function pendingRow(i: number, entityId: string, data: ReportInput): OutboxRow {
  const at = new Date().toISOString()
  return {
    id: uuid(3_000_000 + i),
    entity: 'report',
    entity_id: entityId,
    op: 'put',
    base_version: null,
    data: { ...data },
    media: [],
    state: 'pending',
    attempts: 0,
    user_id: null,
    created_at: at,
    client_time: at,
  }
}

const DRAFT_KEY = 'bench'

export interface OutboxLatency {
  /** Per-save latencies in ms, in the order taken. */
  saveMs: number[]
  /** Bare put latencies in ms, interleaved with the saves. */
  putMs: number[]
  /** Outbox rows before the first measured save. */
  pendingBefore: number
  /** Outbox rows after the last: pendingBefore + saves. */
  pendingAfter: number
  durability: string
}

/** `pending` reports already waiting, then `samples` saves and as many bare puts, alternating. */
export async function outboxLatency(pending: number, samples: number): Promise<OutboxLatency> {
  await db.open()
  await db.transaction('rw', [db.outbox, db.patrol_reports, db.patrol_drafts, db.kv], async () => {
    await Promise.all([db.outbox.clear(), db.patrol_reports.clear(), db.patrol_drafts.clear(), db.kv.clear()])
  })
  const backlog = Array.from({ length: pending }, (_, i) => ({ id: uuid(i), data: reportData(i) }))
  await db.transaction('rw', [db.outbox, db.patrol_reports], async () => {
    await db.patrol_reports.bulkPut(backlog.map((b) => localOf(b.id, b.data)))
    await db.outbox.bulkAdd(backlog.map((b, i) => pendingRow(i, b.id, b.data)))
  })
  const pendingBefore = await db.outbox.count()
  const saveMs: number[] = []
  const putMs: number[] = []
  for (let i = 0; i < samples; i++) {
    const id = uuid(1_000_000 + i)
    const data = reportData(i)
    // The form has kept its draft on the device since the inspector began; the tap saves from it.
    await db.patrol_drafts.put({ ...newDraft(DRAFT_KEY, data.community_id), id })
    const t0 = performance.now()
    await saveSighting({ entity: 'report', local: localOf(id, data), data }, DRAFT_KEY)
    saveMs.push(performance.now() - t0)
    const t1 = performance.now()
    await db.transaction('rw', db.kv, () => db.kv.put({ key: `bench.${i}`, value: data }))
    putMs.push(performance.now() - t1)
  }
  return { saveMs, putMs, pendingBefore, pendingAfter: await db.outbox.count(), durability: db._options.chromeTransactionDurability ?? 'default' }
}
