// The delivery log pages on from the last row shown, keeping the filters; a short page ends it. A refused
// webhook keeps the server's reason on the `url` field.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { WebhookDelivery } from '#domain/patrol/operator-tasks.ts'
import { ProblemError } from '../api/errors.ts'
import { DELIVERY_PAGE, useOperatorAdminStore } from './operator-admin.ts'

const PARTY = '01900000-0000-7000-8000-00000000000a'
const delivery = (n: number): WebhookDelivery => ({
  id: `01900000-0000-7000-8000-${String(1000 - n).padStart(12, '0')}`,
  party_id: PARTY,
  party_name: '单车A',
  url: 'https://hooks.example.com/x',
  event: 'task.opened',
  task_id: null,
  status: 'failed',
  attempts: 6,
  next_at: null,
  last_status: 503,
  last_error: 'HTTP 503',
  created_at: '2026-12-01T00:00:00.000Z',
  delivered_at: null,
})
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' } })

let answers: Response[]
let asked: URL[]
beforeEach(() => {
  setActivePinia(createPinia())
  answers = []
  asked = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      asked.push(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost'))
      return answers.shift()!
    }),
  )
})

describe('delivery log', () => {
  it('asks the next page before the last id shown, with the same filters, and stops at a short page', async () => {
    const store = useOperatorAdminStore()
    const first = Array.from({ length: DELIVERY_PAGE }, (_, i) => delivery(i))
    answers.push(json(first))
    await store.loadDeliveries({ party_id: PARTY, status: 'failed' })
    expect(asked[0]!.searchParams.get('party_id')).toBe(PARTY)
    expect(asked[0]!.searchParams.get('status')).toBe('failed')
    expect(asked[0]!.searchParams.has('before')).toBe(false)
    expect(store.moreDeliveries).toBe(true)

    answers.push(json([delivery(DELIVERY_PAGE), delivery(DELIVERY_PAGE + 1)]))
    await store.loadDeliveries({ party_id: PARTY, status: 'failed' }, true)
    expect(asked[1]!.searchParams.get('before')).toBe(first.at(-1)!.id)
    expect(asked[1]!.searchParams.get('status')).toBe('failed')
    expect(store.deliveries).toHaveLength(DELIVERY_PAGE + 2)
    expect(store.moreDeliveries).toBe(false)

    // New filters start again from the newest.
    answers.push(json([]))
    await store.loadDeliveries({})
    expect(asked[2]!.searchParams.has('before')).toBe(false)
    expect(asked[2]!.searchParams.has('party_id')).toBe(false)
    expect(store.deliveries).toEqual([])
  })
})

describe('webhook', () => {
  it("a refusal carries the server's reason on the url field", async () => {
    const store = useOperatorAdminStore()
    const reason = '10.1.2.3 是内网地址，不允许推送'
    answers.push(json({ type: 'about:blank', title: reason, status: 400, errors: [{ path: 'url', code: 'webhook_blocked_private', message: reason }] }, 400))
    const err = await store.setWebhook(PARTY, 'https://10.1.2.3/x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProblemError)
    expect((err as ProblemError).fieldErrors.url).toBe(reason)
    expect(asked[0]!.pathname).toBe(`/api/patrol/parties/${PARTY}/webhook`)
  })
})
