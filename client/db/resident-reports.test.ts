// The residents' queue on the device: due rows in order (a row left `sending` by a closed page is due
// again), a sent row keeps only its code (photo and phone leave the device), old receipts are pruned,
// and sign-out's cache clearing leaves the queue and the device token alone.
import { beforeEach, describe, expect, it } from 'vitest'
import { db } from './database.ts'
import type { ResidentQueueRow } from './rows.ts'
import { dueResidentReports, markResidentSent, queueResidentReport, residentDevice, residentQueue } from './resident-reports.ts'
import { clearCachedData } from './clear-cache.ts'

const row = (id: string, over: Partial<ResidentQueueRow> = {}): ResidentQueueRow => ({
  id,
  subdistrict: 'shuangjing',
  state: 'pending',
  kind: 'shared_bike',
  fields: { phone: '13812345678', note: '盲道' },
  photo: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
  attempts: 0,
  next_at: 0,
  error: '',
  field_errors: [],
  code: null,
  created_at: `2026-12-07T00:00:${id.padStart(2, '0')}.000Z`,
  sent_at: null,
  ...over,
})

beforeEach(async () => {
  await db.resident_reports.clear()
  await db.kv.clear()
})

describe('residents’ queue', () => {
  it('gives due rows oldest first, including one left sending, not one waiting for its next try', async () => {
    await queueResidentReport(row('3'))
    await queueResidentReport(row('1', { state: 'sending' }))
    await queueResidentReport(row('2', { next_at: 5_000 }))
    await queueResidentReport(row('4', { state: 'rejected' }))
    expect((await dueResidentReports(1_000)).map((r) => r.id)).toEqual(['1', '3'])
    expect((await dueResidentReports(6_000)).map((r) => r.id)).toEqual(['1', '2', '3'])
  })

  it('keeps only the code once sent, and at most 20 receipts', async () => {
    for (let i = 10; i < 32; i++) await queueResidentReport(row(String(i)))
    for (let i = 10; i < 32; i++) await markResidentSent(String(i), `CODE${i}`, `2026-12-07T01:00:${i}.000Z`)
    const rows = await residentQueue()
    expect(rows).toHaveLength(20)
    expect(rows.every((r) => r.state === 'sent' && r.fields === null && r.photo === null && r.code)).toBe(true)
    expect(rows.map((r) => r.code)).not.toContain('CODE10')
    expect(JSON.stringify(rows)).not.toContain('13812345678')
  })

  it('survives sign-out with the device token', async () => {
    const token = await residentDevice()
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    await queueResidentReport(row('1'))
    await db.kv.put({ key: 'agreements.zones', value: [] })
    await clearCachedData(db)
    expect(await residentDevice()).toBe(token)
    expect(await residentQueue()).toHaveLength(1)
    expect(await db.kv.get('agreements.zones')).toBeUndefined()
  })
})
