// Open311 GeoReport v2 at /open311/v2: services, one service definition, requests (filter + pages),
// one request, and POST requests with an api_key. Public GETs; every error is Open311-shaped.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../../http/context.ts'
import { Id } from '#domain/ids.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import {
  isServiceCode,
  NOT_PINPOINTED,
  OPEN311_DEFAULT_DAYS,
  OPEN311_DEFAULT_PAGE_SIZE,
  OPEN311_MAX_PAGE_SIZE,
  SERVICE_GROUP,
  SERVICE_NAMES,
  serviceAttributes,
} from '#domain/open311.ts'
import { listOperators } from '../operators/service.ts'
import { findMedia } from '../../../media/service.ts'
import { Open311Error, respond, respondError, splitFormat, type Format } from './format.ts'
import { createRequest, findRequests, findUpdates, jurisdiction } from './service.ts'
import { verifyOpen311Key } from '../open311-keys/service.ts'
import { acceptedBody, BODY_TYPE_ERROR, earlyApiKey, open311Failure } from '../../../security/open311-guard.ts'
import { stripUnclean } from '#domain/text.ts'

type Handler = (c: Context<AppEnv>) => Promise<Response>

/** Runs a handler and turns any Open311Error into the spec's error list in the requested format. */
const open311 =
  (fileParam: string | null, fn: (c: Context<AppEnv>, format: Format, name: string) => Promise<Response>): Handler =>
  async (c) => {
    let format: Format = /\.xml$/.test(c.req.path) ? 'xml' : 'json'
    try {
      const split = fileParam ? splitFormat(c.req.param(fileParam) ?? '') : { name: '', format }
      format = split.format
      return await fn(c, format, split.name)
    } catch (err) {
      if (err instanceof Open311Error) return respondError(c, format, err)
      c.var.deps.logger.log('error', 'open311', { request_id: c.var.requestId, error: err instanceof Error ? err.message : String(err) })
      return respondError(c, format, await open311Failure(c.var.deps))
    }
  }

const instant = (name: string) => (v: string | undefined) => {
  if (v === undefined || v === '') return undefined
  const ok = z.iso.datetime({ offset: true }).safeParse(v)
  if (!ok.success) throw new Open311Error(400, `${name} must be an ISO 8601 date-time with a timezone (e.g. 2026-12-01T08:00:00+08:00)`)
  return new Date(v).toISOString()
}

const positiveInt = (name: string, v: string | undefined, dflt: number, max: number) => {
  if (v === undefined || v === '') return dflt
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new Open311Error(400, `${name} must be a whole number from 1`)
  if (Number(v) > max) throw new Open311Error(400, `${name} must be at most ${max}`)
  return Number(v)
}

function serviceCodes(v: string | undefined): string[] | undefined {
  if (!v) return undefined
  const codes = commaList(v)
  const unknown = codes.find((s) => !isServiceCode(s))
  if (unknown !== undefined) throw new Open311Error(404, `service_code provided was not found: ${unknown.slice(0, 40)}`)
  return codes
}

const services = () =>
  REPORT_KINDS.map((code) => ({
    service_code: code,
    service_name: SERVICE_NAMES[code].name,
    description: SERVICE_NAMES[code].description,
    metadata: true,
    type: 'realtime',
    keywords: SERVICE_NAMES[code].keywords,
    group: SERVICE_GROUP,
  }))

/** The POST's fields, cleaned of characters stored text may not hold; `media_url` may repeat (FixMyStreet sends each photo). */
async function readPost(c: Context<AppEnv>): Promise<{ fields: Record<string, string>; media: string[] }> {
  const type = c.req.header('content-type') ?? ''
  if (!acceptedBody(type)) throw new Open311Error(400, BODY_TYPE_ERROR)
  let raw: Record<string, unknown>
  if (/json/i.test(type)) {
    const body = (await c.req.json().catch(() => null)) as unknown
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Open311Error(400, 'Malformed request body')
    raw = body as Record<string, unknown>
  } else {
    const form = await c.req.parseBody({ all: true }).catch(() => null)
    if (!form) throw new Open311Error(400, 'Malformed request body')
    raw = form
  }
  const fields: Record<string, string> = {}
  let media: string[] = []
  for (const [k, v] of Object.entries(raw)) {
    const values = (Array.isArray(v) ? v : [v])
      .filter((x): x is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof x))
      .map((x) => stripUnclean(String(x)))
    if (k === 'media_url') media = values.filter(Boolean)
    else if (values.length) fields[k] = values[values.length - 1]!
  }
  return { fields, media }
}

/** Media links are kept as given, so only well-formed http(s) addresses, a few of them. */
function mediaUrls(links: string[]): string[] {
  if (links.length > 6) throw new Open311Error(400, 'media_url: at most 6 links')
  for (const link of links) {
    let ok = link.length <= 500
    try {
      ok &&= ['http:', 'https:'].includes(new URL(link).protocol)
    } catch {
      ok = false
    }
    if (!ok) throw new Open311Error(400, 'media_url must be an http(s) URL of at most 500 characters')
  }
  return links
}

/** A comma list of the allowed words (the spec lets status, service_code and service_request_id repeat so). */
const commaList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v))

/**
 * The spec's location: lat and long, or else address_string or address_id (FixMyStreet sends
 * address_id #NOTPINPOINTED# for a report without a pin). Null: the report is filed to be placed by the office.
 */
function where(p: Record<string, string>): { lat: number; lng: number } | null {
  const lat = num(p.lat)
  const lng = num(p.long)
  if (lat === undefined && lng === undefined) {
    if (p.address_string?.trim() || p.address_id?.trim()) return null
    throw new Open311Error(400, 'lat/long, address_string, or address_id must be provided')
  }
  if (lat === undefined || lng === undefined) throw new Open311Error(400, 'lat and long must be provided together')
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    throw new Open311Error(400, 'lat/long is not a valid position')
  return { lat, lng }
}

/** GET servicerequestupdates: status changes in a window (default: the last 24 hours), as FixMyStreet polls them. */
async function requestUpdates(c: Context<AppEnv>, format: Format) {
  const q = c.req.query()
  const sd = await jurisdiction(c.var.deps.db, q.jurisdiction_id)
  const end = instant('end_date')(q.end_date)
  const start = instant('start_date')(q.start_date) ?? new Date((end ? Date.parse(end) : c.var.deps.now().getTime()) - 86_400_000).toISOString()
  if (end && start > end) throw new Open311Error(400, 'start_date is after end_date')
  const ids = q.service_request_id ? commaList(q.service_request_id).filter((s) => Id.safeParse(s).success) : undefined
  const updates = await findUpdates(c.var.deps.db, sd, { start, end, ids, limit: OPEN311_MAX_PAGE_SIZE })
  return respond(c, format, 'service_request_updates', updates)
}

/** Where this endpoint is and what it speaks (the spec's discovery document). */
const discovery = (c: Context<AppEnv>) => ({
  changeset: DISCOVERY_CHANGESET,
  contact: '双井街道办事处',
  key_service: '向街道系统管理员申请 api_key',
  endpoints: [
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: new URL('/open311/v2', c.req.url).toString(),
      changeset: DISCOVERY_CHANGESET,
      type: 'production',
      formats: ['application/json', 'text/xml'],
    },
  ],
})
/** When the endpoint's interface last changed (servicerequestupdates, address-only requests). */
const DISCOVERY_CHANGESET = '2026-12-07T00:00:00Z'

export const open311Router = new Hono<AppEnv>()
  .get(
    '/services/:file',
    open311('file', async (c, format, code) => {
      if (!isServiceCode(code)) throw new Open311Error(404, 'service_code provided was not found')
      const sd = await jurisdiction(c.var.deps.db, c.req.query('jurisdiction_id'))
      const attributes = serviceAttributes(await listOperators(c.var.deps.db, sd.id))
      return respond(c, format, 'service_definition', { service_code: code, attributes })
    }),
  )
  .get(
    '/requests/:file',
    open311('file', async (c, format, id) => {
      if (!Id.safeParse(id).success) throw new Open311Error(404, 'service_request_id provided was not found')
      const sd = await jurisdiction(c.var.deps.db, c.req.query('jurisdiction_id'))
      const found = await findRequests(c.var.deps.db, sd, { ids: [id], page: 1, page_size: 1 }, new URL(c.req.url).origin)
      if (found.length === 0) throw new Open311Error(404, 'service_request_id provided was not found')
      return respond(c, format, 'service_requests', found)
    }),
  )
  .get('/media/:sha256{[0-9a-f]{64}}', async (c) => {
    // Only photos a coordinator approved for publication are ever served here.
    const hash = c.req.param('sha256')
    const deps = c.var.deps
    const ok = await deps.db.selectFrom('patrol_photo_publication').select(['subdistrict_id']).where('sha256', '=', hash).executeTakeFirst()
    const row = ok ? await findMedia(deps, ok.subdistrict_id, hash) : undefined
    const bytes = row ? await deps.media.get(row.stored_hash) : undefined
    if (!row || !bytes) return respondError(c, 'json', new Open311Error(404, 'media not found'))
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': row.content_type, 'cache-control': 'public, max-age=86400' })
  })
  .get(
    '/:file',
    open311('file', async (c, format, name) => {
      if (name === 'discovery') return respond(c, format, 'discovery', discovery(c))
      if (name === 'services') {
        await jurisdiction(c.var.deps.db, c.req.query('jurisdiction_id'))
        return respond(c, format, 'services', services())
      }
      if (name === 'servicerequestupdates') return requestUpdates(c, format)
      if (name !== 'requests') throw new Open311Error(404, 'Unknown resource')
      const q = c.req.query()
      const sd = await jurisdiction(c.var.deps.db, q.jurisdiction_id)
      const codes = serviceCodes(q.service_code)
      const statuses = commaList(q.status)
      if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed (or both, comma separated)')
      const end = instant('end_date')(q.end_date)
      let start = instant('start_date')(q.start_date)
      if (start && end && start > end) throw new Open311Error(400, 'start_date is after end_date')
      if (!start && !q.service_request_id)
        start = new Date((end ? Date.parse(end) : c.var.deps.now().getTime()) - OPEN311_DEFAULT_DAYS * 86_400_000).toISOString()
      const page = positiveInt('page', q.page, 1, 100_000)
      const page_size = positiveInt('page_size', q.page_size, OPEN311_DEFAULT_PAGE_SIZE, OPEN311_MAX_PAGE_SIZE)
      const ids = q.service_request_id
        ? commaList(q.service_request_id)
            .filter((s) => Id.safeParse(s).success)
            .slice(0, OPEN311_MAX_PAGE_SIZE)
        : undefined
      // One more row than the page tells whether a next page exists; the client sees it as a Link header.
      const rows = await findRequests(
        c.var.deps.db,
        sd,
        { service_codes: codes, statuses: statuses as ('open' | 'closed')[], start, end, page, page_size: page_size + 1, ids, offset: (page - 1) * page_size },
        new URL(c.req.url).origin,
      )
      if (rows.length > page_size) {
        const next = new URL(c.req.url)
        next.searchParams.set('page', String(page + 1))
        next.searchParams.set('page_size', String(page_size))
        c.header('link', `<${next.toString()}>; rel="next"`)
      }
      return respond(c, format, 'service_requests', rows.slice(0, page_size))
    }),
  )
  .post(
    '/:file',
    open311('file', async (c, format, name) => {
      if (name !== 'requests') throw new Open311Error(404, 'Unknown resource')
      const { fields: p, media } = await readPost(c)
      const key = await verifyOpen311Key(c.var.deps.db, earlyApiKey(c) ?? p.api_key)
      if (!key) throw new Open311Error(403, p.api_key ? 'Invalid api_key received -- can not proceed with create_request' : 'api_key was not provided')
      // One jurisdiction per key: naming another one is the spec's "not found".
      const jurisdictionId = p.jurisdiction_id ?? c.req.query('jurisdiction_id')
      if (jurisdictionId && jurisdictionId !== key.subdistrict_id) throw new Open311Error(404, 'jurisdiction_id provided was not found')
      if (!p.service_code) throw new Open311Error(400, 'service_code was not provided')
      if (!isServiceCode(p.service_code)) throw new Open311Error(404, 'service_code provided was not found')
      const position = where(p)
      const vehicles = num(p['attribute[vehicle_count]'])
      if (vehicles !== undefined && !(Number.isInteger(vehicles) && vehicles >= 0 && vehicles <= 500))
        throw new Open311Error(400, 'attribute[vehicle_count] must be a whole number from 0 to 500')
      const share = num(p['attribute[blocked_share]'])
      if (share !== undefined && !(share >= 0 && share <= 1)) throw new Open311Error(400, 'attribute[blocked_share] must be between 0 and 1')
      const operator = p['attribute[operator]'] || 'other'
      const addressId = p.address_id && p.address_id !== NOT_PINPOINTED ? p.address_id : ''
      const id = await createRequest(c.var.deps, key, {
        service_code: p.service_code,
        position,
        address: [p.address_string ?? '', addressId && `（地址编号 ${addressId}）`].join('').trim(),
        description: p.description ?? '',
        counts: vehicles ? { [operator]: vehicles } : {},
        blocked_share: share ?? null,
        media_urls: mediaUrls(media),
      })
      const notice = position ? '已受理，街道将安排巡查核实' : '已受理，街道将先确定位置再安排巡查'
      return respond(c, format, 'service_requests', [{ service_request_id: id, service_notice: notice, account_id: null }], 201)
    }),
  )
  .all(
    '*',
    open311(null, async () => {
      throw new Open311Error(404, 'Unknown resource')
    }),
  )
