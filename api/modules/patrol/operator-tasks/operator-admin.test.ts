// The admin's side of operators, through the real app: the operator accounts with the party each works
// for (linking one shows at once, an organisation without an operator id is refused with its reason), and
// the webhook delivery log filtered by party and by status, paged with `before`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { OperatorAccount, WebhookDelivery } from '#domain/patrol/operator-tasks.ts'
import { createUser } from '../../../auth/users.ts'
import { DEMO_PASSWORD } from '../../../db/seed/accounts.ts'

let t: TestApp
let admin: string
const SD = 'shuangjing'

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
}, 60_000)
afterAll(() => t.close())

const party = (operatorId: string) =>
  t.deps.db.selectFrom('patrol_parties').select(['id', 'name']).where('operator_id', '=', operatorId).executeTakeFirstOrThrow()
const accounts = async () => (await (await t.req('/api/patrol/operator-accounts', { cookie: admin })).json()) as OperatorAccount[]
const log = async (query = '') => {
  const res = await t.req(`/api/patrol/webhook-deliveries${query}`, { cookie: admin })
  expect(res.status).toBe(200)
  return (await res.json()) as WebhookDelivery[]
}

describe('operator accounts', () => {
  it('lists every operator account with its party; a new account is unlinked until the admin links it', async () => {
    const hash = (await t.deps.db.selectFrom('users').select('password_hash').where('username', '=', 'operator').executeTakeFirstOrThrow()).password_hash
    const fresh = await createUser(
      t.deps.db,
      SD,
      { username: 'operator-c', display_name: '陈运维', role: 'operator', password: DEMO_PASSWORD, community_ids: [] },
      t.clock.now,
      hash,
    )
    const a = await party('bike-a')
    const before = await accounts()
    expect(before.map((x) => x.username)).toEqual(['operator', 'operator-c'])
    expect(before[0]).toMatchObject({ party_id: a.id, party_name: a.name, disabled: false })
    expect(before[1]).toMatchObject({ user_id: fresh.id, party_id: null, party_name: null })

    const b = await party('bike-b')
    const linked = await t.req(`/api/patrol/operator-accounts/${fresh.id}`, { method: 'PUT', cookie: admin, json: { party_id: b.id } })
    expect(linked.status).toBe(204)
    expect((await accounts())[1]).toMatchObject({ party_id: b.id, party_name: b.name })
  })

  it('refuses an organisation without an operator id, with its reason on the field', async () => {
    const merchant = await t.deps.db.selectFrom('patrol_parties').select('id').where('operator_id', 'is', null).executeTakeFirstOrThrow()
    const [op] = await accounts()
    const res = await t.req(`/api/patrol/operator-accounts/${op!.user_id}`, { method: 'PUT', cookie: admin, json: { party_id: merchant.id } })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { errors: { path: string; code: string }[] }
    expect(body.errors).toEqual([expect.objectContaining({ path: 'party_id', code: 'operator_party_not_operator' })])
    expect((await accounts())[0]!.party_id).not.toBe(merchant.id)
  })
})

describe('webhook delivery log', () => {
  let ids: Record<string, string[]>
  beforeAll(async () => {
    const [a, b] = [await party('bike-a'), await party('bike-b')]
    // Twelve deliveries a minute apart: alternately 单车A's and 单车B's, in the three states.
    const states = ['pending', 'delivered', 'failed'] as const
    ids = { [a.id]: [], [b.id]: [] }
    for (let i = 0; i < 12; i++) {
      const at = new Date(t.clock.now.getTime() + i * 60_000)
      const partyId = i % 2 ? b.id : a.id
      const id = uuidv7(at.getTime())
      ids[partyId]!.push(id)
      await t.deps.db
        .insertInto('patrol_webhook_deliveries')
        .values({
          subdistrict_id: SD,
          id,
          party_id: partyId,
          url: 'https://hooks.example.com/x',
          event: 'task.opened',
          task_id: null,
          body: '{}',
          status: states[i % 3]!,
          attempts: i % 3,
          next_at: i % 3 === 0 ? at.toISOString() : null,
          last_status: i % 3 === 2 ? 503 : null,
          last_error: i % 3 === 2 ? 'HTTP 503' : '',
          created_at: at.toISOString(),
          delivered_at: null,
        })
        .execute()
    }
  })

  it("shows one party's deliveries only, newest first", async () => {
    const b = await party('bike-b')
    const rows = await log(`?party_id=${b.id}`)
    expect(rows.map((r) => r.id)).toEqual([...ids[b.id]!].reverse())
    expect(rows.every((r) => r.party_name === b.name)).toBe(true)
  })

  it('shows one status only, and both filters together', async () => {
    const failed = await log('?status=failed')
    expect(failed.length).toBeGreaterThanOrEqual(4)
    expect(failed.every((r) => r.status === 'failed' && r.last_error === 'HTTP 503')).toBe(true)
    const a = await party('bike-a')
    const both = await log(`?status=pending&party_id=${a.id}`)
    expect(both.map((r) => r.status)).toEqual(['pending', 'pending'])
    expect(both.every((r) => r.party_id === a.id)).toBe(true)
  })

  it('pages on with before: pages do not overlap and together are the whole log', async () => {
    const all = await log('?limit=200')
    const pages: WebhookDelivery[][] = []
    let before = ''
    for (;;) {
      const page = await log(`?limit=5${before ? `&before=${before}` : ''}`)
      if (!page.length) break
      pages.push(page)
      before = page.at(-1)!.id
    }
    expect(pages[0]).toHaveLength(5)
    expect(pages.flat().map((r) => r.id)).toEqual(all.map((r) => r.id))
    expect(all.length).toBeGreaterThanOrEqual(12)
  })

  it('refuses an unknown status or a bad limit as a field problem', async () => {
    expect((await t.req('/api/patrol/webhook-deliveries?status=lost', { cookie: admin })).status).toBe(400)
    expect((await t.req('/api/patrol/webhook-deliveries?limit=0', { cookie: admin })).status).toBe(400)
  })
})
