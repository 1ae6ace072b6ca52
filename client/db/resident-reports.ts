// Residents' reports on the device: the queue a report waits in until the network and the server take
// it (no sign-in, so not the staff outbox), the receipts (follow-up codes) left once sent, the anonymous
// device token the per-device limit counts, and the report form's setup kept for offline use.
import { db } from './database.ts'
import type { ResidentQueueRow } from './rows.ts'

const DEVICE_KEY = 'resident.device'
const SETUP_KEY = 'resident.setup'
/** Sent receipts kept on the device for "my reports". */
const KEEP_SENT = 20

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** This browser's anonymous token (made once, kept across sign-outs). */
export async function residentDevice(): Promise<string> {
  const row = await db.kv.get(DEVICE_KEY)
  if (typeof row?.value === 'string') return row.value
  const token = randomToken()
  await db.kv.put({ key: DEVICE_KEY, value: token })
  return token
}

export async function cachedSetup<T>(): Promise<T | undefined> {
  return (await db.kv.get(SETUP_KEY))?.value as T | undefined
}
export async function cacheSetup(value: unknown): Promise<void> {
  await db.kv.put({ key: SETUP_KEY, value })
}

export async function queueResidentReport(row: ResidentQueueRow): Promise<void> {
  await db.resident_reports.put(row)
}

export async function residentQueue(): Promise<ResidentQueueRow[]> {
  return db.resident_reports.orderBy('created_at').reverse().toArray()
}

/** Rows to try now: pending and due, or left `sending` by a page closed mid-send. */
export async function dueResidentReports(now: number): Promise<ResidentQueueRow[]> {
  const rows = await db.resident_reports.where('state').anyOf('pending', 'sending').toArray()
  return rows.filter((r) => r.state === 'sending' || r.next_at <= now).sort((a, b) => (a.created_at < b.created_at ? -1 : 1))
}

export async function updateResidentReport(id: string, change: Partial<ResidentQueueRow>): Promise<void> {
  await db.resident_reports.update(id, change)
}

/** Sent: the code stays, the photo and the form (phone included) leave the device; old receipts are pruned. */
export async function markResidentSent(id: string, code: string, at: string): Promise<void> {
  await db.transaction('rw', db.resident_reports, async () => {
    await db.resident_reports.update(id, { state: 'sent', code, sent_at: at, fields: null, photo: null, error: '', field_errors: [] })
    const sent = await db.resident_reports.where('state').equals('sent').toArray()
    const old = sent.sort((a, b) => ((a.sent_at ?? '') < (b.sent_at ?? '') ? 1 : -1)).slice(KEEP_SENT)
    await db.resident_reports.bulkDelete(old.map((r) => r.id))
  })
}

export async function deleteResidentReport(id: string): Promise<void> {
  await db.resident_reports.delete(id)
}
