import { beforeEach, describe, expect, it } from 'vitest'
import { db } from './database.ts'
import { agreementMedia, cache, cached, loadView, saveAgreement, saveCheck } from './agreements.ts'
import { uuidv7 } from '#domain/ids.ts'
import { AgreementInput } from '#domain/patrol/agreements.ts'
import { ComplianceCheckInput } from '#domain/patrol/compliance.ts'

const A = uuidv7()
const B = uuidv7()
const SIG = 'a'.repeat(64)
const PHOTO = 'b'.repeat(64)
const input = AgreementInput.parse({
  title: '外企大厦门前车辆停放协议',
  community_id: 'jiulongnan',
  location: { lat: 39.89238, lng: 116.47121, address: '外企大厦门前' },
  measure: '车辆停入门洞',
  effective_date: '2026-12-01',
  parties: [
    { party_id: A, signature: { kind: 'drawn', media: SIG, signed_at: '2026-12-01T02:00:00Z' } },
    { party_id: B, signature: { kind: 'verbal', witness: '社区工作人员', signed_at: '2026-12-01T02:00:00Z' } },
  ],
  commitments: [{ party_id: A, text: '开放门洞' }],
  photos: [PHOTO],
})

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()))
})

describe('agreements repository', () => {
  it('a draft made offline is stored with its outbox mutation, which carries the signature PNG and photos to upload', async () => {
    const id = uuidv7()
    expect(agreementMedia(input).sort()).toEqual([SIG, PHOTO].sort())
    await saveAgreement({ ...input, id, version: 0, created_by_name: '王巡查', updated_at: '2026-12-01T02:00:00Z' }, input)
    const rows = await db.outbox.toArray()
    expect(rows).toEqual([expect.objectContaining({ entity: 'agreement', entity_id: id, op: 'put', base_version: null, state: 'pending' })])
    expect(rows[0]!.media.sort()).toEqual([SIG, PHOTO].sort())
    const local = await loadView()
    expect(local.agreements.map((a) => [a.id, a.sync.state])).toEqual([[id, 'pending']])
  })

  it('an edit of a server agreement states the version it is based on', async () => {
    const id = uuidv7()
    await saveAgreement({ ...input, id, version: 3, created_by_name: '', updated_at: '' }, { ...input, status: 'active' }, 3)
    expect((await db.outbox.toArray())[0]).toMatchObject({ base_version: 3, data: { status: 'active' } })
  })

  it('a compliance check and its outbox row are written together; synced once the row is gone', async () => {
    const check = ComplianceCheckInput.parse({
      agreement_id: uuidv7(),
      checked_at: '2026-12-02T01:00:00Z',
      results: [{ party_id: A, outcome: 'breached', photos: [PHOTO] }],
    })
    const id = uuidv7()
    await saveCheck({ ...check, id, inspector_name: '王巡查' }, check)
    const [row] = await db.outbox.toArray()
    expect(row).toMatchObject({ entity: 'compliance_check', entity_id: id, media: [PHOTO] })
    expect((await loadView()).checks[0]!.sync.state).toBe('pending')
    await db.outbox.delete(row!.id)
    expect((await loadView()).checks[0]!.sync.state).toBe('synced')
  })

  it('keeps offline copies of what pages last saw', async () => {
    await cache('public.zones', { zones: [{ id: 'z' }] })
    expect(await cached('public.zones')).toEqual({ zones: [{ id: 'z' }] })
  })
})
