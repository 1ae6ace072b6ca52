// Open311 output in the two formats the spec names: JSON arrays, and XML (fast-xml-parser's builder)
// with the declaration and UTF-8; errors as [{code, description}] / <errors> with the HTTP status the
// spec gives for each case. Every string goes out without the characters XML 1.0 forbids, whatever
// was stored, so one bad record cannot break the feed for XML clients.
import type { Context } from 'hono'
import { XMLBuilder } from 'fast-xml-parser'
import { stripUnclean } from '#domain/text.ts'

export type Format = 'json' | 'xml'

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429 | 500 | 503,
    readonly description: string,
  ) {
    super(description)
  }
}

/** The element each list's entries are written as (the spec's names; FixMyStreet reads the same). */
const CHILD: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
}

/** Strings cleaned, and each array wrapped in an element of its list name that repeats the child element. */
function shape(key: string, value: unknown): unknown {
  if (typeof value === 'string') return stripUnclean(value)
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return { [CHILD[key] ?? 'item']: value.map((v) => shape(CHILD[key] ?? 'item', v)) }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(k, v)]))
  return value
}

const builder = new XMLBuilder({ processEntities: true, suppressEmptyNode: false })
const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>'

/** One document: `root` holding `body` (an array becomes repeated children of the root). */
export function toXml(root: string, body: unknown): string {
  return XML_HEAD + (builder.build({ [root]: shape(root, body) }) as string)
}

/** JSON strings cleaned the same way, so both formats say the same. */
const cleanJson = (value: unknown): unknown =>
  typeof value === 'string'
    ? stripUnclean(value)
    : Array.isArray(value)
      ? value.map(cleanJson)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanJson(v)]))
        : value

export function respond(c: Context, format: Format, root: string, body: unknown, status: 200 | 201 = 200) {
  if (format === 'json') return c.json(cleanJson(body), status)
  return c.body(toXml(root, body), status, { 'content-type': 'text/xml; charset=utf-8' })
}

export function respondError(c: Context, format: Format, err: Open311Error) {
  const errors = [{ code: err.status, description: err.description }]
  if (format === 'json') return c.json(cleanJson(errors), err.status)
  return c.body(toXml('errors', errors), err.status, { 'content-type': 'text/xml; charset=utf-8' })
}

/** `requests.json` → ['requests', 'json']; an unsupported extension is not a resource here (404). */
export function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file)
  if (!m) throw new Open311Error(404, 'Unknown resource: use .json or .xml')
  return { name: m[1]!, format: m[2] as Format }
}
