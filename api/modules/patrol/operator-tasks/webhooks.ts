// Webhooks to operators: each task event of a party with a webhook becomes a row of a persisted
// delivery queue, written in the event's transaction. The server's job sends due rows over HTTPS,
// signed with the party's secret, and retries a failure with back-off; the log stays readable by an admin.
//
// Signature: X-Lastmile-Signature: sha256=<hex HMAC-SHA256(secret, `${X-Lastmile-Timestamp}.${body}`)>,
// the timestamp in Unix seconds; X-Lastmile-Event names the event, X-Lastmile-Delivery the delivery id.
import { createHmac, randomBytes } from 'node:crypto'
import { request } from 'node:https'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import {
  WEBHOOK_BACKOFF_S as BACKOFF_S,
  WEBHOOK_MAX_ATTEMPTS as MAX_ATTEMPTS,
  type DeliveryQuery,
  type OperatorTask,
  type Webhook,
  type WebhookDelivery,
} from '#domain/patrol/operator-tasks.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { audit } from '../../../audit/audit.ts'
import { txMemo } from '../../../db/tx-memo.ts'
import { BlockedTargetError, systemResolver, vetHost, vetWebhookUrl, type Resolver } from './ssrf.ts'

export const SIGNATURE_HEADER = 'X-Lastmile-Signature'
export const TIMESTAMP_HEADER = 'X-Lastmile-Timestamp'
export const EVENT_HEADER = 'X-Lastmile-Event'
export const DELIVERY_HEADER = 'X-Lastmile-Delivery'

export { WEBHOOK_BACKOFF_S as BACKOFF_S, WEBHOOK_MAX_ATTEMPTS as MAX_ATTEMPTS } from '#domain/patrol/operator-tasks.ts'
/** A claimed delivery is not picked again for this long (another server, or a crash mid-send). */
const LEASE_MS = 5 * 60_000

/** How deliveries reach the network; the defaults are production's. */
export interface WebhookTransport {
  resolve?: Resolver
  timeoutMs?: number
  /** Test only: an extra certificate authority to trust (a local receiver's self-signed certificate). */
  ca?: string | Buffer
  /** Test only: exact `host:port` targets exempt from the address check (a local receiver). */
  allowTargets?: readonly string[]
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

function refusal(e: unknown): never {
  if (e instanceof BlockedTargetError) throw fieldProblem(e.key, 'url', { params: e.params })
  throw e
}

export async function getWebhook(db: Kysely<DB>, sd: string, partyId: string): Promise<Webhook | undefined> {
  const row = await db.selectFrom('patrol_webhooks').selectAll().where('subdistrict_id', '=', sd).where('party_id', '=', partyId).executeTakeFirst()
  return row
    ? { party_id: row.party_id, url: row.url, signature_header: SIGNATURE_HEADER, timestamp_header: TIMESTAMP_HEADER, updated_at: row.updated_at }
    : undefined
}

/** Sets a party's webhook after checking the URL (https, a public address); a new secret is answered once. */
export async function setWebhook(
  db: Kysely<DB>,
  sd: string,
  partyId: string,
  url: string,
  by: string,
  now: Date,
  transport: WebhookTransport = {},
): Promise<Webhook> {
  const party = await db.selectFrom('patrol_parties').select('id').where('subdistrict_id', '=', sd).where('id', '=', partyId).executeTakeFirst()
  if (!party) throw fieldProblem('party_unknown', 'id', { status: 404 })
  const parsed = new URL(url)
  if (!transport.allowTargets?.includes(`${parsed.hostname}:${parsed.port || 443}`))
    await vetWebhookUrl(url, transport.resolve ?? systemResolver).catch(refusal)
  const secret = randomBytes(32).toString('base64url')
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('patrol_webhooks').select('url').where('subdistrict_id', '=', sd).where('party_id', '=', partyId).executeTakeFirst()
    await tx.deleteFrom('patrol_webhooks').where('subdistrict_id', '=', sd).where('party_id', '=', partyId).execute()
    await tx.insertInto('patrol_webhooks').values({ subdistrict_id: sd, party_id: partyId, url, secret, updated_by: by, updated_at: at }).execute()
    await audit(tx, {
      actor: { id: by, subdistrict_id: sd },
      action: 'webhook.set',
      entity: 'party',
      entity_id: partyId,
      before: before ?? null,
      after: { url },
      at: now,
    })
  })
  return { party_id: partyId, url, secret, signature_header: SIGNATURE_HEADER, timestamp_header: TIMESTAMP_HEADER, updated_at: at }
}

export async function removeWebhook(db: Kysely<DB>, sd: string, partyId: string, by: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('patrol_webhooks').select('url').where('subdistrict_id', '=', sd).where('party_id', '=', partyId).executeTakeFirst()
    if (!before) return false
    await tx.deleteFrom('patrol_webhooks').where('subdistrict_id', '=', sd).where('party_id', '=', partyId).execute()
    await audit(tx, { actor: { id: by, subdistrict_id: sd }, action: 'webhook.remove', entity: 'party', entity_id: partyId, before, after: null, at: now })
    return true
  })
}

/** The subdistrict's webhook URL per party (one small read, kept for the rest of a push's transaction). */
export function webhookUrls(tx: Transaction<DB>, sd: string): Promise<ReadonlyMap<string, string>> {
  return txMemo(tx, `webhooks:${sd}`, async () => {
    const rows = await tx.selectFrom('patrol_webhooks').select(['party_id', 'url']).where('subdistrict_id', '=', sd).execute()
    return new Map(rows.map((r) => [r.party_id, r.url]))
  })
}

/** Queues one event for the party's webhook, in the caller's transaction; nothing when it has none (the task is read only when it has one). */
export async function enqueueDelivery(
  tx: Transaction<DB>,
  sd: string,
  partyId: string,
  event: string,
  task: () => Promise<OperatorTask>,
  at: Date,
): Promise<void> {
  const url = (await webhookUrls(tx, sd)).get(partyId)
  if (url === undefined) return
  const id = uuidv7(at.getTime())
  const shown = await task()
  const body = JSON.stringify({ id, event, occurred_at: at.toISOString(), task: shown })
  await tx
    .insertInto('patrol_webhook_deliveries')
    .values({
      subdistrict_id: sd,
      id,
      party_id: partyId,
      url,
      event,
      task_id: shown.id,
      body,
      status: 'pending',
      attempts: 0,
      next_at: at.toISOString(),
      last_status: null,
      last_error: '',
      created_at: at.toISOString(),
      delivered_at: null,
    })
    .execute()
}

/** POSTs the body to the URL over HTTPS, connecting only to the addresses just checked. */
export async function post(url: string, body: string, headers: Record<string, string>, transport: WebhookTransport): Promise<number> {
  const target = new URL(url)
  if (target.protocol !== 'https:') throw new BlockedTargetError('webhook_https_only', {})
  const port = Number(target.port || 443)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const allowed = transport.allowTargets?.includes(`${target.hostname}:${port}`)
  // The connection goes to the vetted address; the certificate is still checked against the host name.
  const address = allowed ? host : (await vetHost(target.hostname, transport.resolve ?? systemResolver))[0]!.address
  const isName = !/^[\d.]+$/.test(host) && !host.includes(':')
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: address,
        port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        ...(isName ? { servername: host } : {}),
        headers: {
          ...headers,
          host: target.host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Lastmile-Webhook/1',
        },
        timeout: transport.timeoutMs ?? 10_000,
        ...(transport.ca ? { ca: transport.ca } : {}),
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

/** Sends every due delivery once (up to `limit`); a failure is retried after BACKOFF_S, then given up. */
export async function processDeliveries(
  db: Kysely<DB>,
  now: Date,
  transport: WebhookTransport = {},
  limit = 20,
): Promise<{ delivered: number; retried: number; failed: number }> {
  const due = await db
    .selectFrom('patrol_webhook_deliveries')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_at', '<=', now.toISOString())
    .orderBy('next_at')
    .limit(limit)
    .execute()
  const out = { delivered: 0, retried: 0, failed: 0 }
  for (const d of due) {
    const attempts = Number(d.attempts) + 1
    // Claim it: only one sender wins a row (the attempt count moves on).
    const claimed = await db
      .updateTable('patrol_webhook_deliveries')
      .set({ attempts, next_at: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('subdistrict_id', '=', d.subdistrict_id)
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', Number(d.attempts))
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) continue
    const hook = await db
      .selectFrom('patrol_webhooks')
      .selectAll()
      .where('subdistrict_id', '=', d.subdistrict_id)
      .where('party_id', '=', d.party_id)
      .executeTakeFirst()
    let status: number | null = null
    let error = ''
    if (!hook) error = 'webhook_none'
    else {
      const timestamp = String(Math.floor(now.getTime() / 1000))
      try {
        status = await post(
          hook.url,
          d.body,
          { [SIGNATURE_HEADER]: sign(hook.secret, timestamp, d.body), [TIMESTAMP_HEADER]: timestamp, [EVENT_HEADER]: d.event, [DELIVERY_HEADER]: d.id },
          transport,
        )
        if (status < 200 || status >= 300) error = `HTTP ${status}`
      } catch (e) {
        error = e instanceof BlockedTargetError ? e.message : e instanceof Error ? e.message : String(e)
      }
    }
    const ok = !error
    const giveUp = !ok && (attempts >= MAX_ATTEMPTS || !hook)
    await db
      .updateTable('patrol_webhook_deliveries')
      .set({
        status: ok ? 'delivered' : giveUp ? 'failed' : 'pending',
        next_at: ok || giveUp ? null : new Date(now.getTime() + BACKOFF_S[attempts - 1]! * 1000).toISOString(),
        last_status: status,
        last_error: error.slice(0, 300),
        delivered_at: ok ? now.toISOString() : null,
        ...(hook ? { url: hook.url } : {}),
      })
      .where('subdistrict_id', '=', d.subdistrict_id)
      .where('id', '=', d.id)
      .execute()
    if (ok) out.delivered++
    else if (giveUp) out.failed++
    else out.retried++
  }
  return out
}

/**
 * The delivery log, newest first: a party's or one status only when asked; `before` (the last id shown)
 * pages on. Ids are UUIDv7 made at the delivery's creation, so their order is the creation order.
 */
export async function listDeliveries(db: Kysely<DB>, sd: string, q: Partial<DeliveryQuery> = {}): Promise<WebhookDelivery[]> {
  let query = db
    .selectFrom('patrol_webhook_deliveries as d')
    .leftJoin('patrol_parties as p', (j) => j.onRef('p.subdistrict_id', '=', 'd.subdistrict_id').onRef('p.id', '=', 'd.party_id'))
    .select([
      'd.id',
      'd.party_id',
      'p.name',
      'd.url',
      'd.event',
      'd.task_id',
      'd.status',
      'd.attempts',
      'd.next_at',
      'd.last_status',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
    ])
    .where('d.subdistrict_id', '=', sd)
  if (q.party_id) query = query.where('d.party_id', '=', q.party_id)
  if (q.status) query = query.where('d.status', '=', q.status)
  if (q.before) query = query.where('d.id', '<', q.before)
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(q.limit ?? 200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    party_id: r.party_id,
    party_name: r.name ?? '',
    url: r.url,
    event: r.event,
    task_id: r.task_id,
    status: r.status as WebhookDelivery['status'],
    attempts: Number(r.attempts),
    next_at: r.next_at,
    last_status: r.last_status === null ? null : Number(r.last_status),
    last_error: r.last_error,
    created_at: r.created_at,
    delivered_at: r.delivered_at,
  }))
}
