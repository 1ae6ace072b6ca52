import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../ids.ts'
import { formatIssues } from '../messages.ts'
import { AgreementInput, hotspotStatusFor, mayChangeStatus, type AgreementInputRaw } from './agreements.ts'
import { PartyInput } from './parties.ts'

const A = uuidv7()
const B = uuidv7()
export function agreementInput(over: Partial<AgreementInputRaw> = {}): AgreementInputRaw {
  return {
    title: '外企大厦门前车辆停放协议',
    community_id: 'jiulongnan',
    location: { lat: 39.89238, lng: 116.47121, address: '广渠路与西大望路交叉口 外企大厦门前' },
    measure: '车辆统一停放到外企大厦楼下门洞内',
    effective_date: '2026-11-20',
    review_date: '2026-12-20',
    parties: [{ party_id: A }, { party_id: B }],
    commitments: [
      { party_id: A, text: '开放门洞供停放' },
      { party_id: B, text: '骑手车辆停入门洞' },
    ],
    ...over,
  }
}
const errors = (v: unknown) => {
  const r = AgreementInput.safeParse(v)
  return r.success ? [] : formatIssues(r.error.issues, 'zh-CN').map((e) => `${e.path}: ${e.message}`)
}

describe('agreement contract', () => {
  it('accepts a two-party draft without signatures', () => {
    expect(errors(agreementInput())).toEqual([])
  })
  it('needs two parties, each commitment naming one of them, review after effective', () => {
    const bad = agreementInput({
      parties: [{ party_id: A }],
      commitments: [{ party_id: null, text: '清理多余车辆' }],
      review_date: '2026-11-01',
    })
    expect(errors(bad)).toEqual(
      expect.arrayContaining([
        'parties: 协议至少需要两个参与方',
        'review_date: 复查日期不能早于生效日期',
        'commitments.0.party_id: 每项承诺都须指定一个参与方',
      ]),
    )
  })
  it('a commitment naming an organisation outside the agreement is rejected', () => {
    expect(errors(agreementInput({ commitments: [{ party_id: uuidv7(), text: 'x' }] }))).toEqual(['commitments.0.party_id: 每项承诺都须指定一个参与方'])
  })
  it('an active agreement needs every party signed or agreed verbally with a witness', () => {
    const at = '2026-11-20T02:00:00Z'
    const active = agreementInput({
      status: 'active',
      parties: [{ party_id: A, signature: { kind: 'drawn', media: 'a'.repeat(64), signed_at: at } }, { party_id: B }],
    })
    expect(errors(active)).toEqual(['parties.1.signature: 生效前须由该方代表签名或记录口头同意及见证人'])
    const verbal = agreementInput({
      status: 'active',
      parties: [
        { party_id: A, signature: { kind: 'verbal', witness: '社区 李书记', signed_at: at } },
        { party_id: B, signature: { kind: 'verbal', witness: '', signed_at: at } },
      ],
    })
    expect(errors(verbal)).toEqual(['parties.1.signature.witness: 请填写见证人（最多 40 个字）'])
  })
  it('status changes follow draft → active → breached/ended', () => {
    expect(mayChangeStatus('draft', 'active')).toBe(true)
    expect(mayChangeStatus('breached', 'active')).toBe(true)
    expect(mayChangeStatus('ended', 'active')).toBe(false)
    expect(mayChangeStatus('active', 'draft')).toBe(false)
  })
  it('parties take mobile or Beijing landline contacts and reject other numbers per field', () => {
    const ok = PartyInput.parse({
      name: '外企大厦物业',
      kind: 'property',
      contacts: [
        { name: '张经理', phone: '+86 138 1234 5678' },
        { name: '值班室', phone: '010-6543 2100' },
      ],
    })
    expect(ok.contacts.map((c) => c.phone)).toEqual(['13812345678', '01065432100'])
    const bad = PartyInput.safeParse({ name: '', kind: 'shop', contacts: [{ name: '王', phone: '021-1234' }] })
    expect(bad.success ? [] : formatIssues(bad.error.issues, 'en').map((e) => e.path)).toEqual(['name', 'kind', 'contacts.0.phone'])
  })
})

describe('hotspot status following agreements', () => {
  it('in force → agreement, draft → negotiating, ended → watching again; otherwise the coordinator’s status stands', () => {
    expect(hotspotStatusFor('new', ['active'])).toBe('agreement')
    expect(hotspotStatusFor('resolved', ['draft', 'breached'])).toBe('agreement')
    expect(hotspotStatusFor('new', ['draft'])).toBe('negotiating')
    expect(hotspotStatusFor('agreement', ['draft'])).toBe('negotiating')
    expect(hotspotStatusFor('resolved', ['draft'])).toBe('resolved')
    expect(hotspotStatusFor('agreement', [])).toBe('watching')
    expect(hotspotStatusFor('negotiating', [])).toBe('negotiating')
    expect(hotspotStatusFor('new', [])).toBe('new')
  })
})
