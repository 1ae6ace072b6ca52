// A pushed change to a record in a community the pusher does not serve is refused before the stored
// record could be answered as a conflict: every community-scoped sync entity, stale or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, MutationResult, PushResponse } from '#domain/sync.ts'
import type { AgreementSummary } from '#domain/patrol/agreement-views.ts'

let t: TestApp
let insp: string // 九龙南, 九龙山
let insp2: string // 广泉
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, insp2, coord] = [await t.login('inspector'), await t.login('inspector2'), await t.login('coordinator')]
})
afterAll(() => t.close())

const mut = (entity: string, entity_id: string, data: Record<string, unknown>, base_version: number | null): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id,
  op: 'put',
  base_version,
  data,
  client_time: '2026-12-02T01:59:00Z',
})
async function push(m: Mutation, cookie: string): Promise<MutationResult> {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-x', mutations: [m] } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results[0]!
}

const SPOT = { lat: 39.8986, lng: 116.4801 }
const report = (note: string) => ({
  position: { ...SPOT, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前',
  kind: 'shared_bike',
  counts: { 'bike-a': 4 },
  blocked_share: 0.5,
  photos: [],
  note,
  observed_at: '2026-12-02T01:58:00.000Z',
})

/** The stranger's answer: a rejection that carries nothing of the stored record. */
function expectRefusedBlind(r: MutationResult, secret: string) {
  expect(r.status).toBe('rejected')
  expect(r.record).toBeUndefined()
  expect(r.version).toBeUndefined()
  expect(JSON.stringify(r)).not.toContain(secret)
}

describe('sync conflicts answer only those allowed to see the record', () => {
  it('a compliance check: an inspector of another community gets no conflict with the stored check', async () => {
    const seeded = (await (await t.req('/api/patrol/agreements?status=active', { cookie: coord })).json()) as AgreementSummary[]
    const agreement = seeded.find((a) => a.title.startsWith('外企大厦门前'))!
    const id = uuidv7()
    const secret = '骑手车停在人行道-秘密备注'
    const data = (note: string) => ({
      agreement_id: agreement.id,
      checked_at: '2026-12-02T01:00:00Z',
      results: agreement.parties.map((p, i) => ({ party_id: p.party_id, outcome: 'complied', note: i === 0 ? note : '' })),
    })
    expect((await push(mut('compliance_check', id, data(secret), null), insp)).status).toBe('applied')
    // A create of the same id, a stale edit, and an edit at the current version: all refused without the record.
    for (const base of [null, 0, 1]) expectRefusedBlind(await push(mut('compliance_check', id, data('x'), base), insp2), secret)
    // The owner still gets the conflict with the record.
    expect(await push(mut('compliance_check', id, data('y'), null), insp)).toMatchObject({ status: 'conflict', record: { id } })
  })

  it('reports and observations: a stranger never receives the stored record', async () => {
    const id = uuidv7()
    const secret = '王某某家门口-秘密备注'
    expect((await push(mut('report', id, report(secret), null), insp)).status).toBe('applied')
    for (const base of [null, 0]) expectRefusedBlind(await push(mut('report', id, report('x'), base), insp2), secret)
    const obsId = uuidv7()
    const obs = (note: string) => ({
      report_id: id,
      position: { ...SPOT, accuracy_m: 5, source: 'gps' },
      counts: { 'bike-a': 2 },
      note,
      observed_at: '2026-12-02T01:59:00Z',
    })
    expect((await push(mut('observation', obsId, obs(secret), null), insp)).status).toBe('applied')
    for (const base of [null, 0]) expectRefusedBlind(await push(mut('observation', obsId, obs('x'), base), insp2), secret)
  })
})
