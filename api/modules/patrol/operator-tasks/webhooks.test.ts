// Webhook deliveries against a real local HTTPS receiver (a self-signed certificate made like HTTPS=local's):
// signed with the party's secret, retried with back-off from the persisted queue, logged for the admin.
// The receiver on 127.0.0.1 is reachable only through the transport's explicit test-only allowance.
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { ensureLocalCertificate } from '../../../tls/local-ca.ts'
import { certificateNames } from '../../../tls/names.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { WebhookDelivery } from '#domain/patrol/operator-tasks.ts'
import { BACKOFF_S, MAX_ATTEMPTS, processDeliveries, setWebhook, type WebhookTransport } from './webhooks.ts'

interface Received {
  headers: Record<string, string | string[] | undefined>
  body: string
}

let t: TestApp
let server: Server
let dir: string
let port: number
let transport: WebhookTransport
let admin: string
let insp: string
const received: Received[] = []
/** Status codes the receiver answers with, in turn (then 200). */
const answers: number[] = []
const SD = 'shuangjing'

beforeAll(async () => {
  t = await createTestApp()
  ;[admin, insp] = [await t.login('admin'), await t.login('inspector')]
  dir = mkdtempSync(join(tmpdir(), 'lastmile-hook-'))
  const cert = ensureLocalCertificate({ dir, names: certificateNames({ hostname: 'localhost', interfaces: {} }), hostname: 'localhost', now: new Date() })
  server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = answers.shift() ?? 200
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  transport = { ca: cert.ca.pem, allowTargets: [`localhost:${port}`], resolve: async () => [{ address: '127.0.0.1', family: 4 }] }
}, 60_000)
afterAll(async () => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
  await t.close()
})

const partyA = () => t.deps.db.selectFrom('patrol_parties').select('id').where('operator_id', '=', 'bike-a').executeTakeFirstOrThrow()

async function reportCountingBikeA(n: number) {
  const res = await t.req('/api/sync/push', {
    method: 'POST',
    cookie: insp,
    json: {
      device_id: 'phone-1',
      mutations: [
        {
          id: uuidv7(),
          entity: 'report',
          entity_id: uuidv7(),
          op: 'put',
          base_version: null,
          client_time: t.clock.now.toISOString(),
          data: {
            position: { lat: 39.8986, lng: 116.4801, accuracy_m: 6, source: 'gps' },
            community_id: 'jiulongnan',
            address: '外企大厦门前',
            kind: 'shared_bike',
            counts: { 'bike-a': n },
            blocked_share: 0.5,
            clear_width_m: null,
            photos: [],
            note: '',
            observed_at: t.clock.now.toISOString(),
          },
        },
      ],
    },
  })
  expect(res.status).toBe(200)
}

describe('webhook deliveries', () => {
  let secret: string
  it('the local receiver is refused without the explicit test allowance', async () => {
    const { id } = await partyA()
    await expect(setWebhook(t.deps.db, SD, id, `https://localhost:${port}/hook`, 'x', t.clock.now)).rejects.toMatchObject({ key: 'webhook_blocked_loopback' })
  })

  it('a new task is delivered signed; a failure is retried with back-off and logged', async () => {
    const { id } = await partyA()
    const hook = await setWebhook(t.deps.db, SD, id, `https://localhost:${port}/hook`, 'x', t.clock.now, transport)
    secret = hook.secret!
    expect(secret.length).toBeGreaterThanOrEqual(40)
    answers.push(503)
    await reportCountingBikeA(11)
    // Persisted: the row is there before anything is sent.
    const queued = await t.deps.db.selectFrom('patrol_webhook_deliveries').selectAll().where('status', '=', 'pending').execute()
    expect(queued).toHaveLength(1)

    expect(await processDeliveries(t.deps.db, t.clock.now, transport)).toEqual({ delivered: 0, retried: 1, failed: 0 })
    expect(received).toHaveLength(1)
    // Not due again before the back-off.
    t.clock.advance((BACKOFF_S[0] - 1) * 1000)
    expect(await processDeliveries(t.deps.db, t.clock.now, transport)).toEqual({ delivered: 0, retried: 0, failed: 0 })
    t.clock.advance(2000)
    expect(await processDeliveries(t.deps.db, t.clock.now, transport)).toEqual({ delivered: 1, retried: 0, failed: 0 })
    expect(received).toHaveLength(2)

    const last = received[1]!
    const ts = String(last.headers['x-lastmile-timestamp'])
    expect(Math.abs(Number(ts) - t.clock.now.getTime() / 1000)).toBeLessThan(2)
    const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${last.body}`).digest('hex')}`
    expect(last.headers['x-lastmile-signature']).toBe(expected)
    expect(last.headers['x-lastmile-event']).toBe('task.opened')
    const payload = JSON.parse(last.body) as { event: string; task: { vehicles: number; operator_id: string } }
    expect(payload).toMatchObject({ event: 'task.opened', task: { vehicles: 11, operator_id: 'bike-a' } })
    expect(last.body).not.toMatch(/reporter|王巡查/)

    const log = await t.req('/api/patrol/webhook-deliveries', { cookie: admin })
    expect(log.status).toBe(200)
    const [entry] = (await log.json()) as WebhookDelivery[]
    expect(entry).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200, last_error: '', event: 'task.opened', party_name: '单车A' })
  })

  it('a signature made with another secret does not match', () => {
    const last = received.at(-1)!
    const ts = String(last.headers['x-lastmile-timestamp'])
    expect(last.headers['x-lastmile-signature']).not.toBe(`sha256=${createHmac('sha256', 'wrong').update(`${ts}.${last.body}`).digest('hex')}`)
  })

  it('the queue lives in the database: a later run (as after a restart) sends what an earlier one left', async () => {
    answers.push(500)
    await reportCountingBikeA(4)
    expect((await processDeliveries(t.deps.db, t.clock.now, transport)).retried).toBe(1)
    // processDeliveries keeps nothing in memory: the next run reads the due row from the table.
    t.clock.advance(BACKOFF_S[0] * 1000)
    const before = received.length
    expect(await processDeliveries(t.deps.db, t.clock.now, transport)).toMatchObject({ delivered: 1 })
    expect(received.length).toBe(before + 1)
  })

  it('gives up after the last attempt', async () => {
    for (let i = 0; i < MAX_ATTEMPTS; i++) answers.push(500)
    await reportCountingBikeA(2)
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await processDeliveries(t.deps.db, t.clock.now, transport)
      t.clock.advance(BACKOFF_S[Math.min(i, BACKOFF_S.length - 1)]! * 1000 + 1000)
    }
    // Hours went by: sign in again.
    ;[admin, insp] = [await t.login('admin'), await t.login('inspector')]
    const [entry] = (await (await t.req('/api/patrol/webhook-deliveries', { cookie: admin })).json()) as WebhookDelivery[]
    expect(entry).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_status: 500, last_error: 'HTTP 500', next_at: null })
  })

  it('checks the resolved address at delivery time: a name that now points inside is refused and logged', async () => {
    const { id } = await partyA()
    const publicDns: WebhookTransport = { resolve: async () => [{ address: '93.184.216.34', family: 4 }] }
    await setWebhook(t.deps.db, SD, id, 'https://hooks.example.com/lastmile', 'x', t.clock.now, publicDns)
    await reportCountingBikeA(5)
    // DNS rebinding: at delivery the same name answers with a loopback address.
    const rebound: WebhookTransport = { resolve: async () => [{ address: '127.0.0.1', family: 4 }] }
    expect(await processDeliveries(t.deps.db, t.clock.now, rebound)).toEqual({ delivered: 0, retried: 1, failed: 0 })
    const [entry] = (await (await t.req('/api/patrol/webhook-deliveries', { cookie: admin })).json()) as WebhookDelivery[]
    expect(entry!.last_error).toContain('webhook_blocked_loopback')
    expect(entry!.last_error).toContain('127.0.0.1')
  })
})
